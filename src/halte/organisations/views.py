"""The one public page of an organisation: its uploaded logo, served so it can never run."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from halte.organisations.brand import logo_type
from halte.organisations.models import Organisation


@require_GET
def logo(request: HttpRequest, slug: str) -> FileResponse:
    organisation = Organisation.objects.filter(slug=slug).exclude(logo_file="").first()
    if organisation is None:
        raise Http404("no logo")
    handle = organisation.logo_file.open("rb")
    # The type the bytes say (they were checked on upload), never the name's.
    content_type = logo_type(handle.read(64)) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own is a document: no scripts, nothing loaded, in a sandbox.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
