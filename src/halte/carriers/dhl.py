"""DHL: reads DHL's tracking formats into carrier events, for pushes and for polling.

Formats, told apart by their content (not by the Content-Type header):

- Unified Shipment Tracking API JSON, `{"shipments": [...]}`: the answer of
  `GET api-eu.dhl.com/track/shipments?trackingNumber=…` (what `tracking_request` asks) and the
  body of DHL's "Shipment Tracking - Unified Push". Read with karrio-dhl-universal.
- DHL Parcel DE tracking XML, `<data name="piece-shipment-list">` with `piece-shipment` and
  `piece-event` elements (the `d-get-piece-detail` answer of parcel/de/tracking/v0). Read with
  karrio-dhl-parcel-de.
- DHL Parcel NL (DHL eCommerce Benelux) track-trace JSON: a list of parcels, each with a
  `barcode` and `events`, as `api-gw.dhlparcel.nl/track-trace` answers; the Track & Trace
  Pusher posts one such parcel object (or a list of them). Read by this module.

Codes, as stored in `STATUS_MAP`:

- Parcel NL: the event's `status` exactly as sent, e.g. `DELIVERED_AT_NEIGHBOURS`.
- Parcel DE: its three codes joined, `ICE/RIC/TTPRO` (International Coded Event, Reason
  Instruction Code, `standard-event-code`), e.g. `DLVRD/NGHBR/ZU`; only the three together
  are unique (`LDTMV/MVMTV/AA` leaves a parcel centre, `LDTMV/MVMTV/PO` is the delivery van).
  An event with only a standard event code uses that alone, e.g. `ZU`. An event flagged
  `ruecksendung="true"` is on its way back to the sender and is `RUECKSENDUNG/<TTPRO>`, so
  the return's final `ZU` reads as "returned", not "delivered".
- Unified: for Parcel NL shipments (`service` "parcel-nl") DHL passes the Parcel NL status on
  in the event's `status`; when it is such a code (upper case, underscores) and not a sentence
  it is the code, with the same meaning as in the NL format. Every other service gives only
  sentences there, so the code is the coarse `statusCode` (`pre-transit`, `transit`,
  `delivered`, `failure`, `unknown`).

The three vocabularies cannot collide (lower-case words; upper-case words with underscores;
five-letter groups or two-letter codes with slashes), so no code carries a format prefix.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import karrio.lib as lib
from karrio.core.models import TrackingDetails, TrackingEvent
from karrio.mappers.dhl_parcel_de.settings import Settings as ParcelDeSettings
from karrio.mappers.dhl_universal.settings import Settings as UnifiedSettings
from karrio.providers.dhl_parcel_de.tracking import (
    parse_tracking_response as parse_parcel_de_tracking,
)
from karrio.providers.dhl_universal.tracking import (
    parse_tracking_response as parse_unified_tracking,
)

from halte.carriers.feed import (
    HALTE_SECRET_HEADER,
    UNFORESEEN,
    CarrierEvent,
    Credentials,
    ItemProblem,
    MalformedPayload,
    Mapped,
    OutgoingRequest,
    Parsed,
    code_entry,
    mapped,
    parse_moment,
    read_json,
    read_xml,
    with_window,
)
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

SLUG = "dhl"
SOURCE = (
    "Unified API: developer.dhl.com/api-reference/shipment-tracking (statusCode enum; the "
    "'status' field passes each DHL division's own wording on, support-developer.dhl.com "
    "article 47001251141) and karrio-dhl-universal. Unified Push: developer.dhl.com/"
    "api-reference/shipment-tracking-unified-push (hook authentication 'ApiKeyAuthentication' "
    "= a header name and token of the subscriber's choosing). Parcel DE: DHL's ICE/RIC/"
    "standard-event-code table (karrioapi/karrio modules/connectors/dhl_parcel_de/vendors/"
    "parcel_de_ice_event_ric_combinations_July_2024.csv, every row mapped; descriptions are "
    "its English ICE and RIC names and the standard event meaning) and the d-get-piece-detail "
    "sample in that folder's tracking-test.txt. Parcel NL: the status vocabulary as collected "
    "by ha-parcel-integrations/ha-dhl (tracking/gateway.py) and ha-dhl-nl, which cite DHL's "
    "parcel-nl status catalogue, plus statuses seen in a public HEMA/DHL integration; DHL's "
    "own catalogue text was not available, so NL descriptions are the codes in words. Track & "
    "Trace Pusher: api.dhlparcel.nl/docs/guide/chapters/6-track-and-trace-pusher.html (API "
    "key sent in a header named in the pusher configuration). Where the sources are silent "
    "Halte chose: the neighbour's address is read from the NL event's 'neighbour' object and "
    "the pickup point from the parcel's 'destination' (locationType SERVICEPOINT); NL "
    "ADDRESS_UNKNOWN / POSTAL_CODE_INCORRECT / PO_BOX are failed deliveries (address "
    "incorrect) rather than returns; DE exception holds for a bad address are failed "
    "deliveries too. The pusher's body is taken to be the track-trace parcel object and the "
    "Unified Push body the unified API answer (neither is shown in the sources). Both push "
    "routes authenticate with a shared key in a header the subscriber names, so Halte names "
    "it: configure X-Halte-Webhook-Secret as the API key header."
)
PARSER = (
    "karrio-dhl-universal, karrio-dhl-parcel-de (parse_tracking_response) and Halte (Parcel NL)"
)
TIMEZONE = "Europe/Amsterdam"
WEBHOOK_AUTH = HALTE_SECRET_HEADER

STATUS_MAP: dict[str, Mapped] = {
    # Unified API, every service but Parcel NL: the coarse statusCode.
    "pre-transit": mapped(
        "pre-transit: shipment data received, not yet with DHL", Status.ANNOUNCED
    ),
    "transit": mapped("transit: the shipment is on its way", Status.IN_TRANSIT),
    "delivered": mapped("delivered: the shipment has been delivered", Status.DELIVERED),
    "failure": mapped("failure: a problem with the shipment", Status.EXCEPTION),
    "unknown": mapped("unknown: DHL gives no status category", Status.IN_TRANSIT),
    # Parcel NL (track-trace, pusher, and unified "parcel-nl"): the event status.
    "PRENOTIFICATION_RECEIVED": mapped("Prenotification received", Status.ANNOUNCED),
    "DATA_RECEIVED_WITH_PREFIX_LABEL": mapped("Data received with prefix label", Status.ANNOUNCED),
    "LEG_CREATED": mapped("Leg created", Status.ANNOUNCED),
    "INFORMATION_ON_DELIVERY_TRANSMITTED": mapped(
        "Information on delivery transmitted",
        Status.IN_TRANSIT,
    ),
    "PARCEL_PICKED_UP_AT_PARCELSHOP": mapped(
        "Parcel picked up at ParcelShop",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PARCEL_READY_FOR_RETURN_TO_HUB": mapped("Parcel ready for return to hub", Status.IN_TRANSIT),
    "PARCEL_SORTED_AT_HUB": mapped("Parcel sorted at hub", Status.IN_TRANSIT),
    "SCAN_OK_GATEWAY": mapped("Scan ok gateway", Status.IN_TRANSIT),
    "GATEWAY_DEPARTED": mapped("Gateway departed", Status.IN_TRANSIT),
    "DEPART_FACILITY": mapped("Depart facility", Status.IN_TRANSIT),
    "CUSTOMS": mapped("Customs", Status.IN_TRANSIT),
    "ROUTE_IN_SCAN": mapped("Route in scan", Status.IN_TRANSIT),
    "NEW_DELIVERY_ATTEMPT": mapped("New delivery attempt", Status.IN_TRANSIT),
    "UNKNOWN": mapped("Unknown", Status.IN_TRANSIT),
    "PARCEL_ARRIVED_AT_LOCAL_DEPOT": mapped("Parcel arrived at local depot", Status.AT_DEPOT),
    "ARRIVED_AT_DELIVERY_FACILITY": mapped("Arrived at delivery facility", Status.AT_DEPOT),
    "DEPOT_SCAN": mapped("Depot scan", Status.AT_DEPOT),
    "PARCEL_RETURNED_FROM_ROUTE": mapped("Parcel returned from route", Status.AT_DEPOT),
    "DELIVERY_PLANNED_IN_ROUTE": mapped("Delivery planned in route", Status.OUT_FOR_DELIVERY),
    "LOAD_VEHICLE": mapped("Load vehicle", Status.OUT_FOR_DELIVERY),
    "OUT_FOR_DELIVERY": mapped("Out for delivery", Status.OUT_FOR_DELIVERY),
    "PARCEL_INTO_FALLBACK": mapped("Parcel into fallback", Status.OUT_FOR_DELIVERY),
    "PARCEL_WILL_BE_DELIVERED_SOON": mapped(
        "Parcel will be delivered soon",
        Status.OUT_FOR_DELIVERY,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_ANOTHER_TIME/DATE": mapped(
        "Intervention receiver requests delivery at another time/date",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_ACCESSPOINT": mapped(
        "Intervention receiver requests delivery at access point",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_NEIGHBOURS": mapped(
        "Intervention receiver requests delivery at neighbours",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_PARCELSHOP": mapped(
        "Intervention receiver requests delivery at ParcelShop",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_PARCELSTATION": mapped(
        "Intervention receiver requests delivery at parcel station",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_PREFERRED_NEIGHBOURS": mapped(
        "Intervention receiver requests delivery at preferred neighbours",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_RECEIVER_REQUESTS_DELIVERY_AT_SAFEPLACE": mapped(
        "Intervention receiver requests delivery at safe place",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_REQUEST_CANCEL_INTERVENTION": mapped(
        "Intervention request cancel intervention",
        Status.IN_TRANSIT,
    ),
    "INTERVENTION_REQUEST_CANCEL_INTERVENTION_SUSPECTED_FRAUD": mapped(
        "Intervention request cancel intervention suspected fraud",
        Status.EXCEPTION,
    ),
    "TRANSPORT_DELAY": mapped("Transport delay", Status.EXCEPTION),
    "EXCEPTION": mapped("Exception", Status.EXCEPTION),
    "CLOSED_SHIPMENT": mapped("Closed shipment", Status.EXCEPTION),
    "SHIPMENT_STOPPED": mapped("Shipment stopped", Status.EXCEPTION),
    "DESTROYED": mapped("Destroyed", Status.EXCEPTION),
    "DELIVERED": mapped("Delivered", Status.DELIVERED, place=DeliveryPlace.RECIPIENT),
    "DELIVERED_DAMAGED": mapped(
        "Delivered damaged",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DELIVERED_NOT_IN_TIME": mapped(
        "Delivered not in time",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DELIVERED_NO_CODE_VALIDATION": mapped(
        "Delivered no code validation",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "PARTIAL_DELIVERY": mapped("Partial delivery", Status.DELIVERED, place=DeliveryPlace.RECIPIENT),
    "DELIVERED_AT_NEIGHBOURS": mapped(
        "Delivered at neighbours",
        Status.DELIVERED,
        place=DeliveryPlace.NEIGHBOUR,
    ),
    "DELIVERED_AT_PREFERED_NEIGHBOURS": mapped(
        "Delivered at prefered neighbours",
        Status.DELIVERED,
        place=DeliveryPlace.NEIGHBOUR,
    ),
    "DELIVERED_AT_SAFEPLACE": mapped(
        "Delivered at safe place",
        Status.DELIVERED,
        place=DeliveryPlace.SAFE_PLACE,
    ),
    "DELIVERED_IN_MAILBOX": mapped(
        "Delivered in mailbox",
        Status.DELIVERED,
        place=DeliveryPlace.MAILBOX,
    ),
    "DELIVERED_AT_PARCELSHOP": mapped(
        "Delivered at ParcelShop",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "DELIVERED_AT_ACCESSPOINT": mapped(
        "Delivered at access point",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "DELIVERED_AT_PARCELSTATION": mapped(
        "Delivered at parcel station",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "AWAITING_RECEIVER_COLLECTION": mapped(
        "Awaiting receiver collection",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "CLOSED_AWAITING_COLLECTION": mapped(
        "Closed awaiting collection",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "ON_HOLD_FOR_COLLECTION": mapped(
        "On hold for collection",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "PARCEL_FOUND_AT_PARCELSHOP": mapped(
        "Parcel found at ParcelShop",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "PARCEL_HELD_FOR_COLLECTION_AT_LOCAL_DEPOT": mapped(
        "Parcel held for collection at local depot",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "DELIVERY_CODE_MISSING_PICK_UP": mapped(
        "Delivery code missing pick up",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "NOTIFICATION_FOR_PARCELSHOP_COLLECTION_HAS_BEEN_SENT": mapped(
        "Notification for ParcelShop collection has been sent",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "NOTIFICATION_FOR_PARCELSTATION_COLLECTION_HAS_BEEN_SENT": mapped(
        "Notification for parcel station collection has been sent",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "REMINDER_FOR_COLLECTION_SENT_EMAIL": mapped(
        "Reminder for collection sent email",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "REMINDER_FOR_COLLECTION_SENT_LETTER": mapped(
        "Reminder for collection sent letter",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "REMINDER_FOR_COLLECTION_SENT_SMS": mapped(
        "Reminder for collection sent sms",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "COLLECTED_AT_PARCELSHOP": mapped(
        "Collected at ParcelShop",
        Status.DELIVERED,
        place=DeliveryPlace.COLLECTED,
    ),
    "COLLECTED_AT_ACCESSPOINT": mapped(
        "Collected at access point",
        Status.DELIVERED,
        place=DeliveryPlace.COLLECTED,
    ),
    "COLLECTED_AT_PARCELSTATION": mapped(
        "Collected at parcel station",
        Status.DELIVERED,
        place=DeliveryPlace.COLLECTED,
    ),
    "ADDRESS_UNKNOWN": mapped(
        "Address unknown",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "POSTAL_CODE_INCORRECT": mapped(
        "Postal code incorrect",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "PO_BOX": mapped("Po box", Status.DELIVERY_FAILED, reason=FailureReason.ADDRESS_INCORRECT),
    "REFUSED_BY_RECEIVER": mapped(
        "Refused by receiver",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "REFUSED_DAMAGED": mapped(
        "Refused damaged",
        Status.DELIVERY_FAILED,
        reason=FailureReason.DAMAGED,
    ),
    "REFUSED_AT_PARCELSHOP": mapped("Refused at ParcelShop", Status.DELIVERY_FAILED),
    "CUSTOMS_DATA_INCORRECT_RETURN_TO_SHIPPER": mapped(
        "Customs data incorrect return to shipper",
        Status.RETURNING_TO_SENDER,
    ),
    "DAMAGE_RETURN": mapped("Damage return", Status.RETURNING_TO_SENDER),
    "DELIVERY_CODE_MISSING_RETURN": mapped(
        "Delivery code missing return",
        Status.RETURNING_TO_SENDER,
    ),
    "DELIVERY_DATA_INCORRECT_RETURN": mapped(
        "Delivery data incorrect return",
        Status.RETURNING_TO_SENDER,
    ),
    "EXPECTED_RETURN_DELIVERED_AT_SHIPPER_CALCULATED": mapped(
        "Expected return delivered at shipper calculated",
        Status.RETURNING_TO_SENDER,
    ),
    "INTERVENTION_RECEIVER_REQUEST_DELIVERY_CANCELLED": mapped(
        "Intervention receiver request delivery cancelled",
        Status.RETURNING_TO_SENDER,
    ),
    "INTERVENTION_SHIPPER_REQUEST_DELIVERY_CANCELLED": mapped(
        "Intervention shipper request delivery cancelled",
        Status.RETURNING_TO_SENDER,
    ),
    "INVALID_SHIPMENT_SPECIFICATION_RETURN": mapped(
        "Invalid shipment specification return",
        Status.RETURNING_TO_SENDER,
    ),
    "MISROUTED_RETURN_TO_SHIPPER": mapped(
        "Misrouted return to shipper",
        Status.RETURNING_TO_SENDER,
    ),
    "NOT_HOME_RETURN_TO_SHIPPER": mapped("Not home return to shipper", Status.RETURNING_TO_SENDER),
    "NO_MONEY_RETURN": mapped("No money return", Status.RETURNING_TO_SENDER),
    "ON_ROUTE_TO_SHIPPER": mapped("On route to shipper", Status.RETURNING_TO_SENDER),
    "PARCELSTATION_DELIVERY_UNSUCCESFULL_RETURN": mapped(
        "Parcel station delivery unsuccesfull return",
        Status.RETURNING_TO_SENDER,
    ),
    "PARCEL_RELABELED_FOR_RETURN_TO_SHIPPER": mapped(
        "Parcel relabeled for return to shipper",
        Status.RETURNING_TO_SENDER,
    ),
    "PARCEL_SCANNED_AT_RETURN_HUB": mapped(
        "Parcel scanned at return hub",
        Status.RETURNING_TO_SENDER,
    ),
    "PARCEL_SCANNED_FOR_RETURN_TO_HUB": mapped(
        "Parcel scanned for return to hub",
        Status.RETURNING_TO_SENDER,
    ),
    "PARCEL_TOO_HEAVY_RETURN": mapped("Parcel too heavy return", Status.RETURNING_TO_SENDER),
    "PARCEL_TOO_LARGE_RETURN": mapped("Parcel too large return", Status.RETURNING_TO_SENDER),
    "POSTPROCESS_RETURN_CONSOLIDATION": mapped(
        "Postprocess return consolidation",
        Status.RETURNING_TO_SENDER,
    ),
    "POSTPROCESS_RETURN_CONSOLIDATION_DEPART": mapped(
        "Postprocess return consolidation depart",
        Status.RETURNING_TO_SENDER,
    ),
    "POSTPROCESS_RETURN_CONSOLIDATION_LOAD": mapped(
        "Postprocess return consolidation load",
        Status.RETURNING_TO_SENDER,
    ),
    "RECEIVER_RETURN": mapped("Receiver return", Status.RETURNING_TO_SENDER),
    "RECEIVER_UNKNOWN_RETURN": mapped("Receiver unknown return", Status.RETURNING_TO_SENDER),
    "REFUSED_NOT_COLLECTED": mapped("Refused not collected", Status.RETURNING_TO_SENDER),
    "REFUSED_RETURN": mapped("Refused return", Status.RETURNING_TO_SENDER),
    "REFUSED_RETURN_TO_DD": mapped("Refused return to dd", Status.RETURNING_TO_SENDER),
    "RETURNED_NOT_COLLECTED": mapped("Returned not collected", Status.RETURNING_TO_SENDER),
    "RETURNED_TO_SHIPPER": mapped("Returned to shipper", Status.RETURNING_TO_SENDER),
    "SPONTANEOUS_RETURN": mapped("Spontaneous return", Status.RETURNING_TO_SENDER),
    "STORAGE_PERIOD_ENDED_AT_ACCESSPOINT": mapped(
        "Storage period ended at access point",
        Status.RETURNING_TO_SENDER,
    ),
    "STORAGE_PERIOD_ENDED_AT_PARCELSHOP": mapped(
        "Storage period ended at ParcelShop",
        Status.RETURNING_TO_SENDER,
    ),
    "STORAGE_PERIOD_ENDED_AT_PARCELSTATION": mapped(
        "Storage period ended at parcel station",
        Status.RETURNING_TO_SENDER,
    ),
    "UNJUSTIFIED_SPONTANEOUS_RETURN": mapped(
        "Unjustified spontaneous return",
        Status.RETURNING_TO_SENDER,
    ),
    "DELIVERED_AT_SHIPPER": mapped("Delivered at shipper", Status.RETURNED),
    "POSTPROCESS_DELIVERED_AT_SHIPPER": mapped("Postprocess delivered at shipper", Status.RETURNED),
    "RETURN_DELIVERED_AT_SHIPPER_CALCULATED": mapped(
        "Return delivered at shipper calculated",
        Status.RETURNED,
    ),
    "PARCEL_ALREADY_RETURNED": mapped("Parcel already returned", Status.RETURNED),
    # Parcel DE: ICE/RIC/standard event code, one entry per row of DHL's table.
    "ADVIS/DLVDT/DD": mapped("Advise: Delivery date (Data service)", Status.IN_TRANSIT),
    "ADVIS/DLVTM/DD": mapped("Advise: Delivery time (Data service)", Status.IN_TRANSIT),
    "ADVIS/MSGER/DD": mapped("Advise: Message error (Data service)", Status.IN_TRANSIT),
    "ADVIS/MSGPC/DD": mapped("Advise: Message processing (Data service)", Status.IN_TRANSIT),
    "ADVIS/MSGST/DD": mapped("Advise: Message sent (Data service)", Status.IN_TRANSIT),
    "ADVIS/ORDER/DD": mapped("Advise: Ordered (Data service)", Status.ANNOUNCED),
    "ADVIS/PFLOC/DD": mapped(
        "Advise: Preferred location/neighbor (Data service)",
        Status.IN_TRANSIT,
    ),
    "ADVIS/REJCT/DD": mapped("Advise: Rejected (Data service)", Status.IN_TRANSIT),
    "ADVIS/ROUCR/DD": mapped(
        "Advise: Rerouted on customer request (Data service)",
        Status.IN_TRANSIT,
    ),
    "ADVIS/SECDA/DD": mapped("Advise: Second delivery attempt (Data service)", Status.IN_TRANSIT),
    "ADVIS/STBSD/DD": mapped("Advise: Stopped by sender (Data service)", Status.EXCEPTION),
    "ADVIS/STBSD/ZN": mapped(
        "Advise: Stopped by sender (Delivery attempt not successful)",
        Status.EXCEPTION,
    ),
    "ALERT/BDADD/BV": mapped(
        "Alert: Bad address (Exception)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "ALERT/DLVTM/DD": mapped("Alert: Delivery time (Data service)", Status.IN_TRANSIT),
    "ASMVT/NRQRD/NB": mapped(
        "Assigned to movement / tour vehicle (Normal processing)",
        Status.IN_TRANSIT,
    ),
    "CANCL/NRQRD/BV": mapped(
        "The shipment order was canceled by the sender (Exception)",
        Status.EXCEPTION,
    ),
    "CHECK/SVCHG/BV": mapped(
        "Checked: Product feature check - service changed (Exception)",
        Status.IN_TRANSIT,
    ),
    "CNFSC/LEGAT/BV": mapped("Confiscation: Legal authority (Exception)", Status.EXCEPTION),
    "CNRFC/HDFCT/LA": mapped(
        "Consignee notified - ready for collection: Held at DHL facility (In storage)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "CNRFC/HDFCT/ZF": mapped(
        "Consignee notified - ready for collection: Held at DHL facility"
        " (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "CNRFC/NRQRD/ZF": mapped(
        "Consignee notified - ready for collection (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "CNRFC/PCKST/ZF": mapped(
        "Consignee notified - ready for collection: Packstation (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "CNRFC/SERPT/ZF": mapped(
        "Consignee notified - ready for collection: Service point (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "DLVRD/ACCDM/ZU": mapped(
        "Delivered: Accepted - damaged (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/ACCPK/ZU": mapped(
        "Delivered: Collected from automated site (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.COLLECTED,
    ),
    "DLVRD/ACCPT/ZU": mapped(
        "Delivered: Accepted (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/ACCSI/ZU": mapped(
        "Delivered: Accepted - shipment incomplete (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/AGENT/ZU": mapped(
        "Delivered: Hand over/delivery to agent (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/CODAR/GT": mapped(
        "Delivered: Electronic shipment advise received (COD transfer order confirmed by bank)"
        " (Money transfer)",
        Status.IN_TRANSIT,
    ),
    "DLVRD/CODRP/GT": mapped(
        "Delivered: COD remittance processed (Money transfer)",
        Status.IN_TRANSIT,
    ),
    "DLVRD/CODRP/ZU": mapped(
        "Delivered: COD remittance processed (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/CUSTM/ZU": mapped(
        "Delivered: Customs (handed over to customs for inspection and delivery)"
        " (Delivery successful)",
        Status.IN_TRANSIT,
    ),
    "DLVRD/DIDLV/ZU": mapped(
        "Delivered: Direct delivery at hub/delivery depot (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/FAMLY/ZU": mapped(
        "Delivered: Delivery to a family member (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/HNDTC/ZU": mapped(
        "Delivered: Handover to carrier (Delivery successful)",
        Status.IN_TRANSIT,
    ),
    "DLVRD/NGHBR/ZU": mapped(
        "Delivered: Delivery to neighbor (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.NEIGHBOUR,
    ),
    "DLVRD/OTHER/ZU": mapped(
        "Delivered: Other / delivery to another person (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/PCKAD/ZU": mapped(
        "Delivered: Packstation - alternate delivery (company mail room) (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/PKBOX/ZU": mapped(
        "Delivered: Delivery to parcel box (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.MAILBOX,
    ),
    "DLVRD/POBOX/ZU": mapped(
        "Delivered: Postbox (letterbox delivery) (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.MAILBOX,
    ),
    "DLVRD/SECPL/ZU": mapped(
        "Delivered: Secure place (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.SAFE_PLACE,
    ),
    "DLVRD/SERPT/ZU": mapped(
        "Delivered: Service point (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "DLVRD/SPOUS/ZU": mapped(
        "Delivered: Delivery to spouse (Delivery successful)",
        Status.DELIVERED,
        place=DeliveryPlace.RECIPIENT,
    ),
    "DLVRD/WINPL/ZU": mapped(
        "Delivered: Preferred neighbor/place (Delivery successful)",
        Status.DELIVERED,
    ),
    "DLVRF/CROAT/ZN": mapped(
        "Delivery refused: DHL arrived outside agreed time (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DLVRF/DMGED/ZN": mapped(
        "Delivery refused: Damage under investigation (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.DAMAGED,
    ),
    "DLVRF/NEXCH/ZN": mapped(
        "Delivery refused: No exchange unit (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DLVRF/NTORD/ZN": mapped(
        "Delivery refused: Not ordered (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DLVRF/OTHER/ZN": mapped(
        "Delivery refused: Other / delivery to another person (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DLVRF/SHNCP/ZN": mapped(
        "Delivery refused: Shipment not complete (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DLVRF/TRPMT/ZN": mapped(
        "Delivery refused: Terms of payment (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "DMGDS/CSDOC/BV": mapped(
        "Damage discovered: Consignee documentation (Exception)",
        Status.EXCEPTION,
    ),
    "DMGDS/CTCST/BV": mapped("Damage discovered: Contacted customer (Exception)", Status.EXCEPTION),
    "DMGDS/DMGED/BV": mapped(
        "Damage discovered: Damage under investigation (Exception)",
        Status.EXCEPTION,
    ),
    "DMGDS/DMGPC/BV": mapped("Damage discovered: Damaged in process (Exception)", Status.EXCEPTION),
    "DMGDS/LDMGD/AA": mapped("Damage discovered: Loaded damaged (Departed from)", Status.EXCEPTION),
    "DMGDS/LDMGD/BV": mapped("Damage discovered: Loaded damaged (Exception)", Status.EXCEPTION),
    "DMGDS/LDMGD/EE": mapped("Damage discovered: Loaded damaged (Arrived at)", Status.EXCEPTION),
    "DMGDS/NRQRD/BV": mapped("Damage discovered (Exception)", Status.EXCEPTION),
    "DMGDS/PUDMG/BV": mapped("Damage discovered: Picked up damaged (Exception)", Status.EXCEPTION),
    "DSPSD/BDADD/ZU": mapped("Disposed of: Bad address (Delivery successful)", Status.EXCEPTION),
    "DSPSD/CLREF/BV": mapped("Disposed of: Clearance refused (Exception)", Status.EXCEPTION),
    "DSPSD/CNCNR/ZU": mapped(
        "Disposed of: Consignee could not be reached (Delivery successful)",
        Status.EXCEPTION,
    ),
    "DSPSD/CRQST/BV": mapped("Disposed of: Customer request (Exception)", Status.EXCEPTION),
    "DSPSD/CSREQ/ZN": mapped(
        "Disposed of: Consignee request (Delivery attempt not successful)",
        Status.EXCEPTION,
    ),
    "DSPSD/DMGED/BV": mapped(
        "Disposed of: Damage under investigation (Exception)",
        Status.EXCEPTION,
    ),
    "DSPSD/DMGED/ZU": mapped(
        "Disposed of: Damage under investigation (Delivery successful)",
        Status.EXCEPTION,
    ),
    "DSPSD/DMGPC/BV": mapped("Disposed of: Damaged in process (Exception)", Status.EXCEPTION),
    "DSPSD/FRMJR/ZU": mapped("Disposed of: Force majeure (Delivery successful)", Status.EXCEPTION),
    "DSPSD/FSCCH/BV": mapped(
        "Disposed of: Failed dangerous goods check (Exception)",
        Status.EXCEPTION,
    ),
    "DSPSD/GDNMS/ZU": mapped(
        "Disposed of: Goods / packaging do not meet standard (Delivery successful)",
        Status.EXCEPTION,
    ),
    "DSPSD/MOVED/ZU": mapped("Disposed of: Moved (Delivery successful)", Status.EXCEPTION),
    "DSPSD/MSLBL/BV": mapped("Disposed of: Missing label (Exception)", Status.EXCEPTION),
    "DSPSD/NRQRD/BV": mapped("Disposed of (Exception)", Status.EXCEPTION),
    "DSPSD/NTCLM/ZU": mapped("Disposed of: Not claimed (Delivery successful)", Status.EXCEPTION),
    "DSPSD/NTORD/ZU": mapped("Disposed of: Not ordered (Delivery successful)", Status.EXCEPTION),
    "DTNPC/GHSTP/BV": mapped("Data, but no piece: Ghost piece (Exception)", Status.EXCEPTION),
    "DTNPC/NPRPF/BV": mapped(
        "Data, but no piece: No piece received from previous facility (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/BDADD/BV": mapped(
        "Exception hold: Bad address (Exception)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "EXPHD/BDADD/PO": mapped(
        "Exception hold: Bad address (In delivery process)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "EXPHD/CAPEX/PO": mapped(
        "Exception hold: Capacity exceeded (In delivery process)",
        Status.EXCEPTION,
    ),
    "EXPHD/CLREF/ZF": mapped(
        "Exception hold: Clearance refused (Delivery to postal outlet)",
        Status.EXCEPTION,
    ),
    "EXPHD/CLREF/ZO": mapped(
        "Exception hold: Clearance refused (Customs clearance)",
        Status.EXCEPTION,
    ),
    "EXPHD/DMGED/BV": mapped(
        "Exception hold: Damage under investigation (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/DMGPC/BV": mapped("Exception hold: Damaged in process (Exception)", Status.EXCEPTION),
    "EXPHD/DMPHD/BV": mapped(
        "Exception hold: Damaged by poor handling (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/EQUBF/BV": mapped(
        "Exception hold: Equipment unavailable, broken down or faulty (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/FFTCH/BV": mapped(
        "Exception hold: Failed product feature validation (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/FRMJR/BV": mapped("Exception hold: Force majeure (Exception)", Status.EXCEPTION),
    "EXPHD/FRMJR/PO": mapped(
        "Exception hold: Force majeure (In delivery process)",
        Status.EXCEPTION,
    ),
    "EXPHD/GDNMS/BV": mapped(
        "Exception hold: Goods / packaging do not meet standard (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/INCSH/BV": mapped("Exception hold: Incomplete shipment (Exception)", Status.EXCEPTION),
    "EXPHD/INSPT/BV": mapped(
        "Exception hold: Inspection (suspected theft) (Exception)",
        Status.EXCEPTION,
    ),
    "EXPHD/LOSTX/BV": mapped("Exception hold: Lost (Exception)", Status.EXCEPTION),
    "EXPHD/MSDOC/BV": mapped("Exception hold: Missing document (Exception)", Status.EXCEPTION),
    "EXPHD/MSLBL/BV": mapped("Exception hold: Missing label (Exception)", Status.EXCEPTION),
    "EXPHD/MSSDT/BV": mapped("Exception hold: Missing data (Exception)", Status.EXCEPTION),
    "EXPHD/MSSDT/PO": mapped(
        "Exception hold: Missing data (In delivery process)",
        Status.EXCEPTION,
    ),
    "EXPHD/NRQRD/BV": mapped("Exception hold (Exception)", Status.EXCEPTION),
    "EXPHD/OTHER/BV": mapped("Exception hold: Other (Exception)", Status.EXCEPTION),
    "EXPHD/PWMFD/BV": mapped("Exception hold: Paperwork missing (Exception)", Status.EXCEPTION),
    "EXPHD/RTTSP/BV": mapped(
        "Exception hold: Return to shipper (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "EXPHD/RTTSP/ZN": mapped(
        "Exception hold: Return to shipper (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "EXPHD/STBSD/BV": mapped("Exception hold: Stopped by sender (Exception)", Status.EXCEPTION),
    "EXPHD/STPRB/BV": mapped("Exception hold: Sort problem (Exception)", Status.EXCEPTION),
    "EXPHD/TRPMT/BV": mapped("Exception hold: Terms of payment (Exception)", Status.EXCEPTION),
    "EXPHD/UDFPC/BV": mapped("Exception hold: Unidentifiable piece (Exception)", Status.EXCEPTION),
    "EXPHD/WRGRI/BV": mapped(
        "Exception hold: Wrong receiver information (Exception)",
        Status.EXCEPTION,
    ),
    "FWDCF/SERPT/PO": mapped(
        "Forwarded to correct facility: Service point (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "HLDCC/HDFCT/LA": mapped(
        "Held for consignee collection: Held at DHL facility (In storage)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCC/HDFCT/ZF": mapped(
        "Held for consignee collection: Held at DHL facility (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCC/LDPCK/LA": mapped(
        "Held for consignee collection: Held in automated collection site (Packstation)"
        " (In storage)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCC/NTCCN/ZF": mapped(
        "Held for consignee collection: Not collected by consignee (Delivery to postal outlet)",
        Status.RETURNING_TO_SENDER,
    ),
    "HLDCC/SERPT/LA": mapped(
        "Held for consignee collection: Service point (In storage)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCC/SERPT/PO": mapped(
        "Held for consignee collection: Service point (In delivery process)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCC/SERPT/ZF": mapped(
        "Held for consignee collection: Service point (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HLDCP/NORSN/ZO": mapped(
        "Held for clearance purposes: No reason (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "HLDCU/NORSN/BV": mapped("Held by customs: No reason (Exception)", Status.EXCEPTION),
    "HLDCU/NORSN/ZO": mapped("Held by customs: No reason (Customs clearance)", Status.IN_TRANSIT),
    "HNDDE/SERPT/LA": mapped(
        "Handover to 3rd party - delivery details expected: Service point (In storage)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HNDDE/SERPT/PO": mapped(
        "Handover to 3rd party - delivery details expected: Service point (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "HNDDE/SERPT/ZF": mapped(
        "Handover to 3rd party - delivery details expected: Service point"
        " (Delivery to postal outlet)",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "HNDND/CUSTM/ZO": mapped(
        "Handover to 3rd party - no delivery details expected: Customs (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "ICPRC/FWEXH/ZO": mapped(
        "Into clearance processing: Forwarded for export handling (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "ICPRC/NRQRD/ZO": mapped("Into clearance processing (Customs clearance)", Status.IN_TRANSIT),
    "ICPRC/OARRV/ZO": mapped(
        "Into clearance processing: On arrival (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "INFCL/CSREQ/LA": mapped("In facility: Consignee request (In storage)", Status.AT_DEPOT),
    "INFCL/CSREQ/PO": mapped(
        "In facility: Consignee request (In delivery process)",
        Status.AT_DEPOT,
    ),
    "INFCL/CTCST/LA": mapped("In facility: Contacted customer (In storage)", Status.AT_DEPOT),
    "INFCL/DLVDT/LA": mapped("In facility: Delivery date (In storage)", Status.AT_DEPOT),
    "INFCL/FWEXH/BV": mapped(
        "In facility: Forwarded for export handling (Exception)",
        Status.AT_DEPOT,
    ),
    "INFCL/HLDAY/LA": mapped("In facility: Holiday (In storage)", Status.AT_DEPOT),
    "INFCL/HLDSR/LA": mapped("In facility: Held on shipper request (In storage)", Status.AT_DEPOT),
    "INFCL/HNDCA/LA": mapped(
        "In facility: Held for next working day delivery (In storage)",
        Status.AT_DEPOT,
    ),
    "INFCL/HNDCA/PO": mapped(
        "In facility: Held for next working day delivery (In delivery process)",
        Status.AT_DEPOT,
    ),
    "INFCL/INCSH/LA": mapped("In facility: Incomplete shipment (In storage)", Status.AT_DEPOT),
    "INFCL/INCSH/PO": mapped(
        "In facility: Incomplete shipment (In delivery process)",
        Status.AT_DEPOT,
    ),
    "INFCL/NRQRD/LA": mapped("In facility (In storage)", Status.AT_DEPOT),
    "INFCL/OARRV/BV": mapped("In facility: On arrival (Exception)", Status.AT_DEPOT),
    "INFCL/SERPT/LA": mapped("In facility: Service point (In storage)", Status.AT_DEPOT),
    "ITBAR/CSTBA/ZO": mapped(
        "In bonded area: Customs bonded area (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "ITBAR/FWEXH/ZO": mapped(
        "In bonded area: Forwarded for export handling (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "ITBAR/OARRV/ZO": mapped("In bonded area: On arrival (Customs clearance)", Status.IN_TRANSIT),
    "LDEXC/BDADD/PO": mapped(
        "Loading exception: Bad address (In delivery process)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "LDEXC/MSDLA/BV": mapped(
        "Loading exception: Missed delivery cycle - received after cut off (Exception)",
        Status.AT_DEPOT,
    ),
    "LDEXC/MSDLA/PO": mapped(
        "Loading exception: Missed delivery cycle - received after cut off (In delivery process)",
        Status.AT_DEPOT,
    ),
    "LDEXC/MSDLA/ZN": mapped(
        "Loading exception: Missed delivery cycle - received after cut off"
        " (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "LDEXC/OVRLD/BV": mapped("Loading exception: Overload (Exception)", Status.AT_DEPOT),
    "LDTHU/NRQRD/NB": mapped("Loaded to handling unit (Normal processing)", Status.IN_TRANSIT),
    "LDTMV/FWEXH/AA": mapped(
        "Loaded to movement / tour vehicle: Forwarded for export handling (Departed from)",
        Status.IN_TRANSIT,
    ),
    "LDTMV/FWEXH/NB": mapped(
        "Loaded to movement / tour vehicle: Forwarded for export handling (Normal processing)",
        Status.IN_TRANSIT,
    ),
    "LDTMV/MVMTV/AA": mapped(
        "Loaded to movement / tour vehicle: Movement / tour vehicle (Departed from)",
        Status.IN_TRANSIT,
    ),
    "LDTMV/MVMTV/NB": mapped(
        "Loaded to movement / tour vehicle: Movement / tour vehicle (Normal processing)",
        Status.IN_TRANSIT,
    ),
    "LDTMV/MVMTV/PO": mapped(
        "Loaded to movement / tour vehicle: Movement / tour vehicle (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "LDTMV/NRQRD/AA": mapped(
        "Loaded to movement / tour vehicle (Departed from)",
        Status.IN_TRANSIT,
    ),
    "LDTMV/PCKST/PO": mapped(
        "Loaded to movement / tour vehicle: Packstation (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "LDTMV/SECDA/PO": mapped(
        "Loaded to movement / tour vehicle: Second delivery attempt (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "LDTMV/SECDA/ZN": mapped(
        "Loaded to movement / tour vehicle: Second delivery attempt"
        " (Delivery attempt not successful)",
        Status.OUT_FOR_DELIVERY,
    ),
    "LDTMV/SERPT/ES": mapped(
        "Loaded to movement / tour vehicle: Service point (Handed over to DHL)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "LDTMV/SERPT/PO": mapped(
        "Loaded to movement / tour vehicle: Service point (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "LDTMV/SERPT/ZF": mapped(
        "Loaded to movement / tour vehicle: Service point (Delivery to postal outlet)",
        Status.OUT_FOR_DELIVERY,
    ),
    "MSRTD/CRRCS/BV": mapped(
        "Mis-routed: Correct routing information but delivered to wrong recipient (Exception)",
        Status.EXCEPTION,
    ),
    "MSRTD/CRRFN/BV": mapped(
        "Mis-routed: Correct routing information but at the wrong facility (Exception)",
        Status.EXCEPTION,
    ),
    "MSRTD/CRRFN/PO": mapped(
        "Mis-routed: Correct routing information but at the wrong facility (In delivery process)",
        Status.EXCEPTION,
    ),
    "MSRTD/NRQRD/BV": mapped("Mis-routed (Exception)", Status.EXCEPTION),
    "MSRTD/NRQRD/PO": mapped("Mis-routed (In delivery process)", Status.EXCEPTION),
    "MSRTD/NRQRD/ZN": mapped(
        "Mis-routed (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "MSRTD/WRGTR/BV": mapped("Mis-routed: Wrong tour (Exception)", Status.EXCEPTION),
    "MVARR/NRQRD/EE": mapped("Movement / tour vehicle arrived (Arrived at)", Status.AT_DEPOT),
    "MVARR/NRQRD/PO": mapped(
        "Movement / tour vehicle arrived (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "MVARR/NRQRD/ZU": mapped(
        "Movement / tour vehicle arrived (Delivery successful)",
        Status.OUT_FOR_DELIVERY,
    ),
    "MVDEX/FRMJR/BV": mapped(
        "Movement / tour vehicle departure exception: Force majeure (Exception)",
        Status.EXCEPTION,
    ),
    "MVDPT/NRQRD/AA": mapped("Movement / tour vehicle departed (Departed from)", Status.IN_TRANSIT),
    "MVTEX/FRMJR/BV": mapped(
        "Movement / tour vehicle exception: Force majeure (Exception)",
        Status.EXCEPTION,
    ),
    "MVTEX/FRMJR/PO": mapped(
        "Movement / tour vehicle exception: Force majeure (In delivery process)",
        Status.EXCEPTION,
    ),
    "MVTEX/TCATC/BV": mapped(
        "Movement / tour vehicle exception: Traffic congestion / air traffic control (Exception)",
        Status.EXCEPTION,
    ),
    "MVTEX/TCHBD/BV": mapped(
        "Movement / tour vehicle exception: Technical / breakdown (Exception)",
        Status.EXCEPTION,
    ),
    "MVTEX/TCHBD/PO": mapped(
        "Movement / tour vehicle exception: Technical / breakdown (In delivery process)",
        Status.EXCEPTION,
    ),
    "MVTEX/VHARU/BV": mapped(
        "Movement / tour vehicle exception: Vehicle / aircraft unavailable (Exception)",
        Status.EXCEPTION,
    ),
    "NTADT/NPRPF/PO": mapped(
        "Not assigned to delivery tour: No piece received from previous facility"
        " (In delivery process)",
        Status.EXCEPTION,
    ),
    "NTDEL/AGNEG/ZN": mapped(
        "Not delivered: Age check negative (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/BDADD/ZN": mapped(
        "Not delivered: Bad address (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NTDEL/CAPEX/ZN": mapped(
        "Not delivered: Capacity exceeded (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/CLOSD/ZN": mapped(
        "Not delivered: Closed (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.NOT_HOME,
    ),
    "NTDEL/CNCNR/ZN": mapped(
        "Not delivered: Consignee could not be reached (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.NOT_HOME,
    ),
    "NTDEL/CPUNK/ZN": mapped(
        "Not delivered: Company dissolved / unknown (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NTDEL/CRROT/PO": mapped(
        "Not delivered: Courier out of time (In delivery process)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/CRROT/ZN": mapped(
        "Not delivered: Courier out of time (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/CTCNI/ZN": mapped(
        "Not delivered: Customer could not identify themselves (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/CTCST/ZN": mapped(
        "Not delivered: Contacted customer (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/DMGED/ZN": mapped(
        "Not delivered: Damage under investigation (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.DAMAGED,
    ),
    "NTDEL/DRCRU/ZN": mapped(
        "Not delivered: Driver / crew unavailable (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/FRMJR/ZN": mapped(
        "Not delivered: Force majeure (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/HLDAY/ZN": mapped(
        "Not delivered: Holiday (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.NOT_HOME,
    ),
    "NTDEL/IDDMG/ZN": mapped(
        "Not delivered: ID damaged or not readable (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/IDNEG/ZN": mapped(
        "Not delivered: Identity check negative (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/MOVED/ZN": mapped(
        "Not delivered: Moved (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NTDEL/MSDOC/ZN": mapped(
        "Not delivered: Missing document (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/MSLBL/ZN": mapped(
        "Not delivered: Missing label (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/MSSDT/ZN": mapped(
        "Not delivered: Missing data (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/NAGTB/ZN": mapped(
        "Not delivered: Not according to general terms of business"
        " (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/NHOME/ZN": mapped(
        "Not delivered: Not home (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.NOT_HOME,
    ),
    "NTDEL/NTCCN/ZN": mapped(
        "Not delivered: Not collected by consignee (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "NTDEL/NTIHU/ZN": mapped(
        "Not delivered: Not in handling unit (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/OTHER/ZN": mapped(
        "Not delivered: Other (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/OTHRE/ZN": mapped(
        "Not delivered: Other reason (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/PCKST/ZN": mapped(
        "Not delivered: Packstation (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/RFUSD/ZN": mapped(
        "Not delivered: Refused (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.REFUSED,
    ),
    "NTDEL/RSEXW/ZN": mapped(
        "Not delivered: Return to shipper - ex works error (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/SECDA/ZN": mapped(
        "Not delivered: Second delivery attempt (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/SERPT/ZN": mapped(
        "Not delivered: Service point (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/SHINF/ZN": mapped(
        "Not delivered: Shipper information (notice of undeliverability)"
        " (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/TCHBD/ZN": mapped(
        "Not delivered: Technical / breakdown (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/TRPMT/ZN": mapped(
        "Not delivered: Terms of payment (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/UDLVR/ZN": mapped(
        "Not delivered: Undeliverable (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTDEL/WRGPN/ZN": mapped(
        "Not delivered: Wrong Post-ID (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NTDEL/WRGRI/ZN": mapped(
        "Not delivered: Wrong receiver information (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
        reason=FailureReason.ADDRESS_INCORRECT,
    ),
    "NTDEL/WRGTR/ZN": mapped(
        "Not delivered: Wrong tour (Delivery attempt not successful)",
        Status.DELIVERY_FAILED,
    ),
    "NTPUP/BDADD/AN": mapped(
        "Not picked up: Bad address (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/CLOSD/AN": mapped("Not picked up: Closed (Pickup not successful)", Status.ANNOUNCED),
    "NTPUP/CLRTE/AN": mapped(
        "Not picked up: Tour exception (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/CPUNK/AN": mapped(
        "Not picked up: Company dissolved / unknown (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/CRROT/AN": mapped(
        "Not picked up: Courier out of time (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/DMGED/AN": mapped(
        "Not picked up: Damage under investigation (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/GDNMS/AN": mapped(
        "Not picked up: Goods / packaging do not meet standard (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/GDNRD/AN": mapped(
        "Not picked up: Goods not ready (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/NAGTB/AN": mapped(
        "Not picked up: Not according to general terms of business (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/NHOME/AN": mapped("Not picked up: Not home (Pickup not successful)", Status.ANNOUNCED),
    "NTPUP/NPYMT/AN": mapped("Not picked up: No payment (Pickup not successful)", Status.ANNOUNCED),
    "NTPUP/NTHND/AN": mapped(
        "Not picked up: Customer refused to hand over the shipment to DHL (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/NTHNG/AN": mapped(
        "Not picked up: Nothing to collect (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/OTHER/AN": mapped("Not picked up: Other (Pickup not successful)", Status.ANNOUNCED),
    "NTPUP/SPCNR/AN": mapped(
        "Not picked up: Shipper cannot be reached (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/TRPMT/AN": mapped(
        "Not picked up: Terms of payment (Pickup not successful)",
        Status.ANNOUNCED,
    ),
    "NTPUP/WRGTR/AN": mapped("Not picked up: Wrong tour (Pickup not successful)", Status.ANNOUNCED),
    "OFWRD/CNCNR/BV": mapped(
        "Onforwarded: Consignee could not be reached (Exception)",
        Status.EXCEPTION,
    ),
    "OFWRD/CNRFW/ZN": mapped(
        "Onforwarded: Consignee request: forward to another address"
        " (Delivery attempt not successful)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/CRFRD/PO": mapped(
        "Onforwarded: Customer request for redirection (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/CRRFN/AA": mapped(
        "Onforwarded: Correct routing information but at the wrong facility (Departed from)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/CRRFN/EE": mapped(
        "Onforwarded: Correct routing information but at the wrong facility (Arrived at)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/CSREQ/PO": mapped(
        "Onforwarded: Consignee request (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/NRQRD/PO": mapped("Onforwarded (In delivery process)", Status.IN_TRANSIT),
    "OFWRD/PBNBR/PO": mapped("Onforwarded: PO box number (In delivery process)", Status.IN_TRANSIT),
    "OFWRD/RDRCR/AA": mapped(
        "Onforwarded: Redirected by customer request (Departed from)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RDRCR/AN": mapped(
        "Onforwarded: Redirected by customer request (Pickup not successful)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RDRCR/PO": mapped(
        "Onforwarded: Redirected by customer request (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RDRCR/ZN": mapped(
        "Onforwarded: Redirected by customer request (Delivery attempt not successful)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RDRDO/PO": mapped(
        "Onforwarded: Redirected by redirection order (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RDRDO/ZN": mapped(
        "Onforwarded: Redirected by redirection order (Delivery attempt not successful)",
        Status.IN_TRANSIT,
    ),
    "OFWRD/RTSCR/AA": mapped(
        "Onforwarded: Return to shipper at customer request (Departed from)",
        Status.RETURNING_TO_SENDER,
    ),
    "OFWRD/RTSCR/BV": mapped(
        "Onforwarded: Return to shipper at customer request (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "OFWRD/RTSCR/EE": mapped(
        "Onforwarded: Return to shipper at customer request (Arrived at)",
        Status.RETURNING_TO_SENDER,
    ),
    "OFWRD/RTSCR/PO": mapped(
        "Onforwarded: Return to shipper at customer request (In delivery process)",
        Status.RETURNING_TO_SENDER,
    ),
    "OFWRD/RTSCR/ZN": mapped(
        "Onforwarded: Return to shipper at customer request (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "OFWRD/RTSSA/ZN": mapped(
        "Onforwarded: Return to shipper by customer standard agreement"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "PARCV/NRQRD/VA": mapped("PAN received by carrier (Electronic pre-advice)", Status.ANNOUNCED),
    "PBNDT/NDRFC/BV": mapped(
        "Piece, but no data: No data received from customer (Exception)",
        Status.EXCEPTION,
    ),
    "PBNDT/NDRFN/BV": mapped(
        "Piece, but no data: No data received from network (Exception)",
        Status.EXCEPTION,
    ),
    "PBNDT/NORSN/BV": mapped("Piece, but no data: No reason (Exception)", Status.EXCEPTION),
    "PCKDU/PFLOC/AE": mapped(
        "Picked up: Preferred location/neighbor (Pickup successful)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PCKDU/PKBOX/AE": mapped(
        "Picked up: Parcel box (Pickup successful)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PCKDU/PKBOX/ES": mapped(
        "Picked up: Parcel box (Handed over to DHL)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PCKDU/PUBCR/AE": mapped(
        "Picked up: Piece pick up (Pickup successful)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PCKDU/WINPL/AE": mapped(
        "Picked up: Preferred neighbor/place (Pickup successful)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "PMTCR/NRQRD/GT": mapped("Payments received from courier (Money transfer)", Status.IN_TRANSIT),
    "PMTCS/NRQRD/GT": mapped("Payment received from customer (Money transfer)", Status.IN_TRANSIT),
    "PMTCS/SERPT/GT": mapped(
        "Payment received from customer: Service point (Money transfer)",
        Status.IN_TRANSIT,
    ),
    "PURCR/BDADD/BV": mapped("Pick up request created: Bad address (Exception)", Status.ANNOUNCED),
    "PURCR/BOOKN/VA": mapped(
        "Pick up request created: Booking (Electronic pre-advice)",
        Status.ANNOUNCED,
    ),
    "PURCR/NRQRD/VA": mapped("Pick up request created (Electronic pre-advice)", Status.ANNOUNCED),
    "PURCR/OTHER/BV": mapped("Pick up request created: Other (Exception)", Status.ANNOUNCED),
    "PURCR/REJCT/DD": mapped("Pick up request created: Rejected (Data service)", Status.ANNOUNCED),
    "PURCR/SECPL/DD": mapped(
        "Pick up request created: Secure place (Data service)",
        Status.ANNOUNCED,
    ),
    "RCCLS/GHSTP/BV": mapped("Record closed: Ghost piece (Exception)", Status.EXCEPTION),
    "RCCLS/LOSTX/ZN": mapped(
        "Record closed: Lost (Delivery attempt not successful)",
        Status.EXCEPTION,
    ),
    "RELBL/NRQRD/BV": mapped("Relabeled (Exception)", Status.IN_TRANSIT),
    "RELBL/PLDMG/PO": mapped(
        "Relabeled: Piece label damaged (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "RELBL/PPQLT/PO": mapped(
        "Relabeled: Poor quality piece label (In delivery process)",
        Status.IN_TRANSIT,
    ),
    "REPCK/DMGPC/BV": mapped("Repacked: Damaged in process (Exception)", Status.EXCEPTION),
    "REPCK/LDMGD/PO": mapped(
        "Repacked: Loaded damaged (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "REPCK/MVMTV/AA": mapped(
        "Repacked: Movement / tour vehicle (Departed from)",
        Status.IN_TRANSIT,
    ),
    "REPCK/NRQRD/BV": mapped("Repacked (Exception)", Status.IN_TRANSIT),
    "REPCK/RDRDO/BV": mapped(
        "Repacked: Redirected by redirection order (Exception)",
        Status.IN_TRANSIT,
    ),
    "REPCK/WRGRI/BV": mapped("Repacked: Wrong receiver information (Exception)", Status.EXCEPTION),
    "RETRN/BDADD/ZN": mapped(
        "Shipment will be returned to origin: Bad address (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/CLREF/ZO": mapped(
        "Shipment will be returned to origin: Clearance refused (Customs clearance)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/CNCNR/ZN": mapped(
        "Shipment will be returned to origin: Consignee could not be reached"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/CSREQ/ZN": mapped(
        "Shipment will be returned to origin: Consignee request (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/DMGED/ZN": mapped(
        "Shipment will be returned to origin: Damage under investigation"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/DMGPC/BV": mapped(
        "Shipment will be returned to origin: Damaged in process (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/FRMJR/ZN": mapped(
        "Shipment will be returned to origin: Force majeure (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/FSCCH/BV": mapped(
        "Shipment will be returned to origin: Failed dangerous goods check (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/GDNMS/BV": mapped(
        "Shipment will be returned to origin: Goods / packaging do not meet standard (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/INSPF/ZO": mapped(
        "Shipment will be returned to origin: Inspection failed (Customs clearance)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/MOVED/ZN": mapped(
        "Shipment will be returned to origin: Moved (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/MSDLA/ZN": mapped(
        "Shipment will be returned to origin: Missed delivery cycle - received after cut off"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/MSSDT/ZN": mapped(
        "Shipment will be returned to origin: Missing data (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NAGTB/BV": mapped(
        "Shipment will be returned to origin: Not according to general terms of business"
        " (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NAGTB/ZN": mapped(
        "Shipment will be returned to origin: Not according to general terms of business"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NEXCH/ZN": mapped(
        "Shipment will be returned to origin: No exchange unit (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NHOME/ZN": mapped(
        "Shipment will be returned to origin: Not home (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NTCCN/ZN": mapped(
        "Shipment will be returned to origin: Not collected by consignee"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/NTORD/ZN": mapped(
        "Shipment will be returned to origin: Not ordered (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/OTHER/ZN": mapped(
        "Shipment will be returned to origin: Other (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/RFUSD/ZN": mapped(
        "Shipment will be returned to origin: Refused (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/RTSCR/ZN": mapped(
        "Shipment will be returned to origin: Return to shipper at customer request"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/RTSSA/ZN": mapped(
        "Shipment will be returned to origin: Return to shipper by customer standard agreement"
        " (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/UDFPC/BV": mapped(
        "Shipment will be returned to origin: Unidentifiable piece (Exception)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/WRGDT/ZN": mapped(
        "Shipment will be returned to origin: Wrong date (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/WRGID/ZN": mapped(
        "Shipment will be returned to origin: Wrong check-ID (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "RETRN/WRGTR/ZN": mapped(
        "Shipment will be returned to origin: Wrong tour (Delivery attempt not successful)",
        Status.RETURNING_TO_SENDER,
    ),
    "ROUCR/PKBOX/PO": mapped(
        "Re-routed on customer request: Delivery to parcel box (In delivery process)",
        Status.OUT_FOR_DELIVERY,
    ),
    "RSDCP/FWEXH/ZO": mapped(
        "Released from clearance processing: Forwarded for export handling (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "RSDCP/OARRV/ZO": mapped(
        "Released from clearance processing: On arrival (Customs clearance)",
        Status.IN_TRANSIT,
    ),
    "SECHK/CCPSD/BV": mapped(
        "Security checked: Content check - passed (Exception)",
        Status.IN_TRANSIT,
    ),
    "SECHK/DGCPS/BV": mapped(
        "Security checked: Dangerous goods check - passed (Exception)",
        Status.IN_TRANSIT,
    ),
    "SECHK/INSPT/BV": mapped(
        "Security checked: Inspection (suspected theft) (Exception)",
        Status.EXCEPTION,
    ),
    "SECHK/NRQRD/BV": mapped("Security checked (Exception)", Status.IN_TRANSIT),
    "SHRCU/NRQRD/ES": mapped(
        "Shipment received from customer (Handed over to DHL)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "SHRCU/PCKST/ES": mapped(
        "Shipment received from customer: Packstation (Handed over to DHL)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "SHRCU/SERPT/ES": mapped(
        "Shipment received from customer: Service point (Handed over to DHL)",
        Status.RECEIVED_BY_CARRIER,
    ),
    "SRTED/FWAPS/AA": mapped(
        "Sorted: Forwarded for army postal service (Departed from)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWAPS/EE": mapped(
        "Sorted: Forwarded for army postal service (Arrived at)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWEXH/AA": mapped(
        "Sorted: Forwarded for export handling (Departed from)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWEXH/EE": mapped(
        "Sorted: Forwarded for export handling (Arrived at)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWEXH/NB": mapped(
        "Sorted: Forwarded for export handling (Normal processing)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWEXP/AA": mapped(
        "Sorted: Forwarded for express handling (Departed from)",
        Status.IN_TRANSIT,
    ),
    "SRTED/FWEXP/EE": mapped(
        "Sorted: Forwarded for express handling (Arrived at)",
        Status.IN_TRANSIT,
    ),
    "SRTED/NRQRD/AE": mapped("Sorted (Pickup successful)", Status.RECEIVED_BY_CARRIER),
    "SRTED/NRQRD/ES": mapped("Sorted (Handed over to DHL)", Status.RECEIVED_BY_CARRIER),
    "SRTED/NRQRD/NB": mapped("Sorted (Normal processing)", Status.IN_TRANSIT),
    "SRTED/NRQRD/PO": mapped("Sorted (In delivery process)", Status.OUT_FOR_DELIVERY),
    "STORN/NRQRD/DD": mapped(
        "The previous event was deleted by the driver (Data service)",
        Status.IN_TRANSIT,
    ),
    "TRBCR/NRQRD/BV": mapped("Transferred between carriers (Exception)", Status.IN_TRANSIT),
    "ULFMV/OARRV/EE": mapped(
        "Unloaded from movement / tour vehicle: On arrival (Arrived at)",
        Status.AT_DEPOT,
    ),
    "ULFMV/OARRV/NB": mapped(
        "Unloaded from movement / tour vehicle: On arrival (Normal processing)",
        Status.IN_TRANSIT,
    ),
    "ULFMV/UNLDD/EE": mapped(
        "Unloaded from movement / tour vehicle: Unloaded (Arrived at)",
        Status.AT_DEPOT,
    ),
    "ULFMV/UNLDD/PO": mapped(
        "Unloaded from movement / tour vehicle: Unloaded (In delivery process)",
        Status.AT_DEPOT,
    ),
    # Parcel DE: the standard event code alone, for events without an ICE.
    "VA": mapped("Standard event: Electronic pre-advice", Status.ANNOUNCED),
    "AE": mapped("Standard event: Pickup successful", Status.RECEIVED_BY_CARRIER),
    "ES": mapped("Standard event: Handed over to DHL", Status.RECEIVED_BY_CARRIER),
    "AA": mapped("Standard event: Departed from", Status.IN_TRANSIT),
    "EE": mapped("Standard event: Arrived at", Status.AT_DEPOT),
    "NB": mapped("Standard event: Normal processing", Status.IN_TRANSIT),
    "PO": mapped("Standard event: In delivery process", Status.OUT_FOR_DELIVERY),
    "ZU": mapped("Standard event: Delivery successful", Status.DELIVERED),
    "ZN": mapped("Standard event: Delivery attempt not successful", Status.DELIVERY_FAILED),
    "ZF": mapped(
        "Standard event: Delivery to postal outlet",
        Status.DELIVERED,
        place=DeliveryPlace.PICKUP_POINT,
    ),
    "LA": mapped("Standard event: In storage", Status.AT_DEPOT),
    "ZO": mapped("Standard event: Customs clearance", Status.IN_TRANSIT),
    "BV": mapped("Standard event: Exception", Status.EXCEPTION),
    "AN": mapped("Standard event: Pickup not successful", Status.ANNOUNCED),
    "DD": mapped("Standard event: Data service", Status.IN_TRANSIT),
    "GT": mapped("Standard event: Money transfer", Status.IN_TRANSIT),
    # Parcel DE: events of a return shipment (ruecksendung="true").
    "RUECKSENDUNG/VA": mapped(
        "Return shipment (Rücksendung): Electronic pre-advice",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/AE": mapped(
        "Return shipment (Rücksendung): Pickup successful",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/ES": mapped(
        "Return shipment (Rücksendung): Handed over to DHL",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/AA": mapped(
        "Return shipment (Rücksendung): Departed from",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/EE": mapped(
        "Return shipment (Rücksendung): Arrived at",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/NB": mapped(
        "Return shipment (Rücksendung): Normal processing",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/PO": mapped(
        "Return shipment (Rücksendung): In delivery process",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/ZU": mapped(
        "Return shipment (Rücksendung): Delivery successful",
        Status.RETURNED,
    ),
    "RUECKSENDUNG/ZN": mapped(
        "Return shipment (Rücksendung): Delivery attempt not successful",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/ZF": mapped(
        "Return shipment (Rücksendung): Delivery to postal outlet",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/LA": mapped(
        "Return shipment (Rücksendung): In storage",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/ZO": mapped(
        "Return shipment (Rücksendung): Customs clearance",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/BV": mapped(
        "Return shipment (Rücksendung): Exception",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/AN": mapped(
        "Return shipment (Rücksendung): Pickup not successful",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/DD": mapped(
        "Return shipment (Rücksendung): Data service",
        Status.RETURNING_TO_SENDER,
    ),
    "RUECKSENDUNG/GT": mapped(
        "Return shipment (Rücksendung): Money transfer",
        Status.RETURNING_TO_SENDER,
    ),
}

# karrio wants connection settings; its tracking parsers never use the credentials.
_UNIFIED_SETTINGS = UnifiedSettings(consumer_key="unused", consumer_secret="unused")  # noqa: S106
_PARCEL_DE_SETTINGS = ParcelDeSettings(username="unused", password="unused")  # noqa: S106

_DE_TIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
_NL_STATUS = re.compile(r"^[A-Z][A-Z0-9_/]*$")
_FORMATS_HINT = (
    'expected DHL unified tracking JSON ({"shipments": [...]}), DHL Parcel NL track-trace '
    'JSON (parcels with "barcode" and "events") or DHL Parcel DE tracking XML'
)


@dataclass(frozen=True)
class _Good:
    """A raw event that passed Halte's own checks, with what karrio cannot read right."""

    index: int
    code: str
    occurred_at: datetime


def _problem(parsed: Parsed, index: int, message: str) -> None:
    parsed.problems.append(ItemProblem(index, message))


def _text(body: bytes) -> str:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedPayload(f"not UTF-8 text: {exc}") from exc
    if not text.strip():
        raise MalformedPayload("the body is empty")
    return text.strip()


def _moment(value: Any, formats: tuple[str, ...] = ()) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("event has no timestamp")
    return parse_moment(value, formats, TIMEZONE)


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# --- unified tracking API (and Unified Push) -------------------------------------------------

# karrio reads `estimatedTimeOfDelivery` as a date (or a date and time) and fails on anything else.
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")


def _unified_code(event: dict[str, Any], service: str) -> str:
    status = _string(event.get("status"))
    if service == "parcel-nl" and _NL_STATUS.match(status):
        return status
    return _string(event.get("statusCode")).lower()


def _unified_events(
    parsed: Parsed, raws: list[Any], service: str, index: int
) -> tuple[list[_Good], list[dict[str, Any]]]:
    """Halte's own reading of each event; karrio only gets the events that passed."""
    good: list[_Good] = []
    kept: list[dict[str, Any]] = []
    for offset, raw in enumerate(raws):
        try:
            if not isinstance(raw, dict):
                raise ValueError("event must be an object")
            if not isinstance(raw.get("statusCode", ""), str | None):
                raise ValueError("'statusCode' must be a string")
            code = _unified_code(raw, service)
            if not code:
                raise ValueError("event has no statusCode")
            moment = _moment(raw.get("timestamp"))
            _check_unified_location(raw.get("location"))
        except ValueError as exc:
            _problem(parsed, index + offset, str(exc))
            continue
        good.append(_Good(index + offset, code, moment))
        # karrio knows fewer timestamp shapes than DHL sends; it gets one it reads.
        kept.append({**raw, "timestamp": moment.isoformat(timespec="seconds")})
    return good, kept


def _check_unified_location(location: Any) -> None:
    """karrio reads `location.address.addressLocality`: anything else there is a bad event."""
    if location is None:
        return
    if not isinstance(location, dict):
        raise ValueError("'location' must be an object with an 'address'")
    address = location.get("address")
    if address is not None and not isinstance(address, dict):
        raise ValueError("'location.address' must be an object")
    if address and not isinstance(address.get("addressLocality", ""), str | None):
        raise ValueError("'location.address.addressLocality' must be text")


def _karrio_ready(shipment: dict[str, Any]) -> dict[str, Any]:
    """The shipment-level fields karrio reads, kept only in the shapes it can read.

    They carry nothing Halte shows (its own reading of each event and of the time frame
    does), so a field of the wrong shape is left out rather than costing the events.
    """
    summary = shipment.get("status")
    if not isinstance(summary, dict) or not isinstance(
        summary.get("statusCode") or summary.get("status"), str
    ):
        # karrio fails on a shipment without a "status" summary; only karrio's own coarse
        # status (which Halte does not use) is read from it.
        summary = {"statusCode": "unknown"}
    ready = {**shipment, "status": summary}
    eta = ready.get("estimatedTimeOfDelivery")
    if eta is not None and not (isinstance(eta, str) and _ISO_DAY.match(eta)):
        ready.pop("estimatedTimeOfDelivery")
    return ready


def _unified(document: dict[str, Any], fallback_code: str) -> Parsed:
    shipments = document["shipments"]
    if not isinstance(shipments, list):
        raise MalformedPayload("'shipments' must be a list")
    if not shipments:
        raise MalformedPayload("'shipments' is empty")
    parsed = Parsed()
    index = 0
    for number, shipment in enumerate(shipments, start=1):
        if not isinstance(shipment, dict) or not isinstance(shipment.get("events", []), list):
            _problem(parsed, index, f"shipment {number} is not an object with a list of events")
            index += 1
            continue
        raws = shipment.get("events") or []
        service = _string(shipment.get("service")).lower()
        good, kept = _unified_events(parsed, raws, service, index)
        index += len(raws)
        tracking_code = str(shipment.get("id") or "").strip() or fallback_code
        if not tracking_code:
            for checked in good:
                _problem(parsed, checked.index, f"shipment {number} has no id")
            continue
        if not kept:
            continue
        shipment = _karrio_ready({**shipment, "id": tracking_code, "events": kept})
        try:
            details, _ = parse_unified_tracking(
                lib.Deserializable(json.dumps([{"shipments": [shipment]}]), json.loads),
                _UNIFIED_SETTINGS,
            )
        except UNFORESEEN:
            # What karrio could not foresee costs this shipment's events, never the others'.
            for checked in good:
                _problem(parsed, checked.index, f"shipment {number} is not in DHL's format")
            continue
        # karrio drops the offset DHL gives (often Z): Halte's own reading of the time.
        first = len(parsed.events)
        _add_karrio_wording(parsed, details[0], details[0].events, good)
        _unified_window(parsed, first, shipment)
    return parsed


def _unified_window(parsed: Parsed, first: int, shipment: dict[str, Any]) -> None:
    """The shipment's `estimatedDeliveryTimeFrame`, on its latest event (from `first` on).

    `estimatedTimeOfDelivery` alone is one moment (often midnight: a day), never a window.
    """
    frame = shipment.get("estimatedDeliveryTimeFrame")
    if not isinstance(frame, dict):
        return
    events = parsed.events[first:]
    with_window(events, frame.get("estimatedFrom"), frame.get("estimatedThrough"), (), TIMEZONE)
    parsed.events[first:] = events


# --- DHL Parcel DE tracking XML ---------------------------------------------------------------


def _de_code(event: ElementTree.Element) -> str:
    ice, ric, ttpro = (
        _string(event.get(name)).upper() for name in ("ice", "ric", "standard-event-code")
    )
    if _string(event.get("ruecksendung")).lower() == "true" and ttpro:
        return f"RUECKSENDUNG/{ttpro}"
    if not ice:
        return ttpro
    return "/".join(part for part in (ice, ric, ttpro) if part)


def _named(root: ElementTree.Element, name: str) -> Iterator[ElementTree.Element]:
    return (element for element in root.iter("data") if element.get("name") == name)


def _xml(text: str) -> ElementTree.Element:
    return read_xml(text, "DHL Parcel DE <data> XML")


def _add_karrio_wording(
    parsed: Parsed, details: TrackingDetails, events: list[TrackingEvent], good: list[_Good]
) -> None:
    """Each checked event with karrio's description and location beside Halte's own code and
    time; `events` in the order of `good`."""
    for event, checked in zip(events, good, strict=True):
        parsed.events.append(
            CarrierEvent(
                tracking_code=str(details.tracking_number).strip(),
                code=checked.code,
                occurred_at=checked.occurred_at,
                description=_string(event.description),
                location=_string(event.location),
            )
        )


def _parcel_de(text: str, fallback_code: str) -> Parsed:
    parsed = Parsed()
    index = 0
    for piece in _parcel_de_pieces(text):
        index = _read_parcel_de_piece(parsed, piece, index, fallback_code)
    return parsed


def _parcel_de_pieces(text: str) -> list[ElementTree.Element]:
    """The answer's piece-shipments; an answer that is an error as a whole raises."""
    root = _xml(text)
    if root.tag != "data":
        raise MalformedPayload(f"expected DHL Parcel DE <data> XML, got <{root.tag}>")
    if _string(root.get("code")) not in ("", "0"):
        raise MalformedPayload(
            f"DHL Parcel DE answered with error {root.get('code')}: "
            f"{_string(root.get('error')) or 'no description'}"
        )
    pieces = (
        [root] if root.get("name") == "piece-shipment" else list(_named(root, "piece-shipment"))
    )
    if not pieces:
        raise MalformedPayload('DHL Parcel DE XML without a <data name="piece-shipment">')
    return pieces


def _read_parcel_de_piece(
    parsed: Parsed, piece: ElementTree.Element, index: int, fallback_code: str
) -> int:
    """One piece's events into `parsed`, each numbered from `index`; returns the next number."""
    code = _string(piece.get("piece-code")) or _string(piece.get("searched-piece-code"))
    if _string(piece.get("error-status")) not in ("", "0"):
        _problem(
            parsed,
            index,
            f"DHL Parcel DE could not track {code or 'a piece'}: "
            f"{_string(piece.get('error')) or 'error ' + _string(piece.get('error-status'))}",
        )
        return index + 1
    good, index = _readable_de_events(parsed, piece, index)
    code = code or fallback_code
    if not code:
        for checked in good:
            _problem(parsed, checked.index, "piece-shipment has no piece-code")
        return index
    if good:
        piece.set("piece-code", code)
        _de_events_through_karrio(parsed, piece, good)
    return index


def _readable_de_events(
    parsed: Parsed, piece: ElementTree.Element, index: int
) -> tuple[list[_Good], int]:
    """The piece's events with a code and a readable time; the others become problems and
    leave the document, because karrio rejects the whole answer over one bad timestamp."""
    good: list[_Good] = []
    for event_list in [piece, *_named(piece, "piece-event-list")]:
        for event in [e for e in event_list if e.get("name") == "piece-event"]:
            try:
                event_code = _de_code(event)
                if not event_code:
                    raise ValueError("event has no ice or standard-event-code")
                moment = _moment(event.get("event-timestamp"), _DE_TIME_FORMATS)
                good.append(_Good(index, event_code, moment))
                # karrio reads only this one shape of timestamp.
                event.set("event-timestamp", moment.strftime("%d.%m.%Y %H:%M"))
            except ValueError as exc:
                event_list.remove(event)
                _problem(parsed, index, str(exc))
            index += 1
    return good, index


def _de_events_through_karrio(
    parsed: Parsed, piece: ElementTree.Element, good: list[_Good]
) -> None:
    response = (
        '<data name="piece-shipment-list" code="0">'
        f"{ElementTree.tostring(piece, encoding='unicode')}</data>"
    )
    details, _ = parse_parcel_de_tracking(
        lib.Deserializable(response, lambda xml: [lib.to_element(xml)]), _PARCEL_DE_SETTINGS
    )
    # karrio lists the events newest first; DHL sends them oldest first.
    _add_karrio_wording(parsed, details[0], list(reversed(details[0].events)), good)


# --- DHL Parcel NL track-trace JSON and Track & Trace Pusher ----------------------------------


def _street(address: Any) -> str:
    if not isinstance(address, dict):
        return ""
    number = _string(address.get("houseNumber")) or _string(address.get("number"))
    addition = _string(address.get("addition")) or _string(address.get("houseNumberAddition"))
    return " ".join(p for p in (_string(address.get("street")), f"{number}{addition}") if p)


def _neighbour(event: dict[str, Any], parcel: dict[str, Any]) -> str:
    neighbour = event.get("neighbour") or parcel.get("neighbour")
    return _street(neighbour.get("address")) if isinstance(neighbour, dict) else ""


def _pickup_point(event: dict[str, Any], parcel: dict[str, Any]) -> str:
    point = event.get("servicePoint") or parcel.get("destination")
    if not isinstance(point, dict) or point.get("locationType", "SERVICEPOINT") != "SERVICEPOINT":
        return ""
    address = point.get("address")
    if not isinstance(address, dict):
        address = {}
    parts = (_string(point.get("name")), _street(address), _string(address.get("city")))
    return ", ".join(p for p in parts if p)


def _nl_window(event: CarrierEvent, timeframe: Any) -> CarrierEvent:
    """A `plannedDeliveryTimeframe` ("<from>/<through>", ISO 8601) on the event it came with."""
    if not isinstance(timeframe, str) or timeframe.count("/") != 1:
        return event
    start, end = timeframe.split("/")
    events = [event]
    with_window(events, start, end, (), TIMEZONE)
    return events[0]


def _nl_event(raw: Any, barcode: str, parcel: dict[str, Any]) -> CarrierEvent:
    if not isinstance(raw, dict):
        raise ValueError("event must be an object")
    code = _string(raw.get("status"))
    if not code:
        raise ValueError("event has no status")
    entry = code_entry(STATUS_MAP, code)
    meaning = entry.meaning if entry else None
    place = meaning.place if meaning and meaning.status == Status.DELIVERED else None
    detail = ""
    # Only these two say more than the code: whose door, and which shop.
    if place == DeliveryPlace.NEIGHBOUR:
        detail = _neighbour(raw, parcel)
    elif place == DeliveryPlace.PICKUP_POINT:
        detail = _pickup_point(raw, parcel)
    event = CarrierEvent(
        tracking_code=barcode,
        code=code,
        occurred_at=_moment(raw.get("timestamp")),
        location=_string(raw.get("facility")),
        delivery_place=place if detail else None,
        delivery_place_detail=detail,
    )
    return _nl_window(event, raw.get("plannedDeliveryTimeframe"))


def _parcel_nl(document: Any, fallback_code: str) -> Parsed:
    parcels = document if isinstance(document, list) else [document]
    if not parcels:
        raise MalformedPayload("DHL Parcel NL sent an empty list of parcels")
    parsed = Parsed()
    index = 0
    for number, parcel in enumerate(parcels, start=1):
        if not isinstance(parcel, dict) or not isinstance(parcel.get("events", []), list):
            _problem(parsed, index, f"parcel {number} is not an object with a list of events")
            index += 1
            continue
        barcode = _string(parcel.get("barcode")) or fallback_code
        events: list[CarrierEvent] = []
        for raw in parcel.get("events") or []:
            try:
                if not barcode:
                    raise ValueError(f"parcel {number} has no barcode")
                events.append(_nl_event(raw, barcode, parcel))
            except ValueError as exc:
                _problem(parsed, index, str(exc))
            index += 1
        # The parcel's own timeframe is where it stands now: on its latest event, unless that
        # event brought a timeframe of its own.
        if events:
            latest = max(range(len(events)), key=lambda i: events[i].occurred_at)
            if events[latest].window_start is None:
                timeframe = parcel.get("plannedDeliveryTimeframe")
                events[latest] = _nl_window(events[latest], timeframe)
        parsed.events.extend(events)
    return parsed


# --- format detection -------------------------------------------------------------------------


def _parse(body: bytes, fallback_code: str) -> Parsed:
    text = _text(body)
    if text.startswith("<"):
        return _parcel_de(text, fallback_code)
    document = read_json(text, "DHL tracking JSON (or Parcel DE XML)")
    if isinstance(document, dict) and "shipments" in document:
        return _unified(document, fallback_code)
    if isinstance(document, list) and all(
        isinstance(item, dict) and "barcode" in item for item in document
    ):
        return _parcel_nl(document, fallback_code)
    if isinstance(document, dict) and "barcode" in document:
        return _parcel_nl(document, fallback_code)
    if isinstance(document, dict) and ("title" in document or "detail" in document):
        raise MalformedPayload(
            f"DHL answered with an error: {document.get('title', '')} "
            f"({document.get('status', '')}) {document.get('detail', '')}".strip()
        )
    raise MalformedPayload(_FORMATS_HINT)


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    """A Track & Trace Pusher or Unified Push body; the format is read from the content."""
    return _parse(body, "")


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    query = urlencode({"trackingNumber": tracking_code})
    return OutgoingRequest(
        "GET",
        f"{account.api_url.rstrip('/')}/track/shipments?{query}",
        {"DHL-API-Key": account.api_key, "Accept": "application/json"},
    )


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    """The unified API's answer (or a Parcel DE / Parcel NL one: the content says which)."""
    return _parse(body, tracking_code)
