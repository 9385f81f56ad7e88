"""Raw messages as hostile or broken mail software sends them, for the parser and receiver."""

HEAD = (
    b"From: Lotte Jansen <lotte@example.nl>\r\nTo: support@halte.test\r\n"
    b"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
)


def message(headers: bytes, body: bytes = b"Mijn pakket is er niet.\r\n") -> bytes:
    return HEAD + headers + b"\r\n" + body


def with_attachment(part_headers: bytes, payload: bytes = b"aGVsbG8=\r\n") -> bytes:
    return message(
        b"Subject: bijlage\r\nMessage-ID: <att@example.nl>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n",
        b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie de foto.\r\n"
        b"--XX\r\n" + part_headers + b"\r\n" + payload + b"\r\n--XX--\r\n",
    )


def attachment_named(disposition: bytes) -> bytes:
    return with_attachment(
        b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment"
        + disposition
        + b"\r\nContent-Transfer-Encoding: base64\r\n"
    )


# name -> raw message; every one must be stored or refused for good, never retried forever.
STORED: dict[str, bytes] = {
    "malformed RFC 2047 words": message(
        b"Subject: =?utf-8?B?!!!geen-base64?= =?utf-8?Q?caf=E9=?= =?x?q?\r\n"
        b"Message-ID: <rfc2047@example.nl>\r\n"
    ),
    "raw 8-bit and invalid UTF-8 in headers": message(
        b"Subject: caf\xe9 \xff\xfe pakket\r\nMessage-ID: <raw8@example.nl>\r\n"
        b"X-Weird: \x80\x81\r\n",
        b"Body with \xff bytes\r\n",
    ),
    "an unknown charset": message(
        b"Subject: =?x-klingon?Q?qapla?=\r\nMessage-ID: <charset@example.nl>\r\n"
        b"Content-Type: text/plain; charset=x-klingon\r\n"
    ),
    "a Message-ID the header parser chokes on": message(
        b"Subject: kapot\r\nMessage-ID: <<<\xff\r\nIn-Reply-To: \xff\xfe <\r\n"
    ),
    "no Date and no Message-ID": b"From: lotte@example.nl\r\nTo: support@halte.test\r\n"
    b"Subject: kaal\r\n\r\nHallo\r\n",
    "a Message-ID over 300 characters": message(
        b"Subject: lang\r\nMessage-ID: <" + b"x" * 400 + b"@example.nl>\r\n"
    ),
    "NUL and control characters in the subject and body": message(
        b"Subject: a\x00b\x01c\x1b[31m\r\nMessage-ID: <nul@example.nl>\r\n",
        b"tekst\x00met NUL\r\n",
    ),
    "multipart without a boundary": message(
        b"Subject: grens\r\nMessage-ID: <nob@example.nl>\r\nContent-Type: multipart/mixed\r\n"
    ),
    "a path-traversal attachment name": attachment_named(b'; filename="../../etc/passwd"'),
    "a Windows path attachment name": attachment_named(b'; filename="..\\\\..\\\\boot.ini"'),
    "NUL and control characters in the attachment name": attachment_named(
        b"; filename*=utf-8''..%2F..%2Fa%00b%0D%0A%1B.txt"
    ),
    "a 300+ character attachment name": attachment_named(b'; filename="' + b"a" * 320 + b'.pdf"'),
    "an attachment without a name": attachment_named(b""),
    "an attachment whose name is only dots": attachment_named(b'; filename="..."'),
    "a broken base64 attachment": with_attachment(
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment;"
        b' filename="bon.pdf"\r\nContent-Transfer-Encoding: base64\r\n',
        b"!!!!@@@@ dit is geen base64 ####",
    ),
    "an unknown transfer encoding": with_attachment(
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment;"
        b' filename="bon.pdf"\r\nContent-Transfer-Encoding: x-made-up\r\n',
        b"whatever",
    ),
    "a nested message/rfc822": with_attachment(
        b"Content-Type: message/rfc822\r\n",
        b"From: shop@example.com\r\nSubject: Uw bestelling\r\n\r\nBinnen\r\n",
    ),
}

REFUSED: dict[str, bytes] = {
    "a From with no address": b"From: Lotte Jansen\r\nTo: support@halte.test\r\n"
    b"Subject: wie\r\n\r\nHallo\r\n",
    "a From that is a group": b"From: undisclosed-recipients:;\r\nTo: support@halte.test\r\n"
    b"Subject: wie\r\n\r\nHallo\r\n",
    "no From at all": b"To: support@halte.test\r\nSubject: wie\r\n\r\nHallo\r\n",
    "a huge number of parts": message(
        b"Subject: veel\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n",
        b"".join(
            b"--XX\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;"
            b" filename=a.txt\r\n\r\nx\r\n"
            for _ in range(3000)
        )
        + b"--XX--\r\n",
    ),
}
