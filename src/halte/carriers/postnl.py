"""PostNL: its Shippingstatus answers and status pushes turned into Halte's carrier events.

Reads the JSON of PostNL's Shippingstatus API (`GET /shipment/v2/status/barcode/{barcode}
?detail=true`): `{"CompleteStatus" | "CurrentStatus": {"Shipment": {...} | [...]}}`, each
Shipment with `Barcode`, an `Event` list (`Code`, `Description`, `LocationCode`, `TimeStamp`
as "dd-MM-yyyy HH:mm:ss" Dutch wall-clock time), `Status`/`OldStatus`, `Address`,
`Expectation`. Empty fields arrive as `{}` and single items sometimes without their list.
A status push carries the same JSON (PostNL publishes no push format of its own).

Codes are PostNL's own strings, unchanged. Event codes are a letter and two digits ("J05",
"I10"); every event is one Halte event. A shipment without events (a `CurrentStatus` answer)
yields its `Status`/`OldStatus` instead, coded by the numeric `StatusCode` ("11"), which can
never collide with an event code; status 99 ("Niet van toepassing") says nothing and is
skipped. Where a code names both a cause PostNL's customer can understand (refused, address
incorrect, damaged, nobody home) and "retour afzender", it is a failed delivery with that
reason; the return itself shows in the scans that follow.
"""

from datetime import datetime
from typing import Any
from urllib.parse import quote

from halte.carriers.feed import (
    HALTE_SECRET_HEADER,
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
    with_window,
)
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status

SLUG = "postnl"
SOURCE = (
    "PostNL Shippingstatus API v2 (https://developer.postnl.nl/docs/#/http/api-endpoints/"
    "send-track/shippingstatus/get-status-by-barcode; models in github.com/postnl/"
    "postnl-ecommerce-sdk-python doc/models; sample answers in github.com/firstred/"
    "postnl-api-php tests/Resources/responses/rest/shippingstatus). Codes: PostNL's 'T&T status "
    "codes' reference (https://developer.postnl.nl/docs/#/http/reference-data/t-t-status-codes/"
    "event-codes), status codes and every event code with its status option. PostNL documents "
    "no public push format or push authentication: a push is taken to carry the same JSON as "
    "the Shippingstatus answer, authenticated by a shared secret in X-Halte-Webhook-Secret. "
    "Where the neighbour's address and the pickup point appear is not documented: they are read "
    "from Address entries of AddressType 07 (rerouted delivery address) and 09 (pickup location)."
)
PARSER = "Halte"
TIMEZONE = "Europe/Amsterdam"
WEBHOOK_AUTH = HALTE_SECRET_HEADER

_TIMESTAMP_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M:%S.%f", "%d-%m-%Y %H:%M")
_NOT_APPLICABLE = "99"
_NEIGHBOUR_ADDRESS = "07"
_PICKUP_ADDRESS = "09"

_ANNOUNCED = Status.ANNOUNCED
_RECEIVED = Status.RECEIVED_BY_CARRIER
_TRANSIT = Status.IN_TRANSIT
_DEPOT = Status.AT_DEPOT
_OUT = Status.OUT_FOR_DELIVERY
_DELIVERED = Status.DELIVERED
_FAILED = Status.DELIVERY_FAILED
_RETURNING = Status.RETURNING_TO_SENDER
_RETURNED = Status.RETURNED
_EXCEPTION = Status.EXCEPTION

_MAILBOX = DeliveryPlace.MAILBOX
_NEIGHBOUR = DeliveryPlace.NEIGHBOUR
_SAFE_PLACE = DeliveryPlace.SAFE_PLACE
_PICKUP = DeliveryPlace.PICKUP_POINT
_RECIPIENT = DeliveryPlace.RECIPIENT
_COLLECTED = DeliveryPlace.COLLECTED

_NOT_HOME = FailureReason.NOT_HOME
_ADDRESS = FailureReason.ADDRESS_INCORRECT
_REFUSED = FailureReason.REFUSED
_DAMAGED = FailureReason.DAMAGED

_DELAYED = "Sorry, bezorgmoment is bijgewerkt"

# Grouped by the status PostNL assigns to each event ("status option"); where an event's own
# words say more than its status option (a missed attempt filed under "sorted"), they decide.
STATUS_MAP: dict[str, Mapped] = {
    # Status codes (StatusCode of Status/OldStatus), used when a shipment has no events.
    "1": mapped("Zending voorgemeld", _ANNOUNCED),
    "2": mapped("Zending in ontvangst genomen", _RECEIVED),
    "3": mapped("Zending afgehaald", _RECEIVED),
    "4": mapped("Zending niet afgehaald", _ANNOUNCED),
    "5": mapped("Zending gesorteerd", _DEPOT),
    "6": mapped("Zending niet gesorteerd", _TRANSIT),
    "7": mapped("Zending in distributieproces", _OUT),
    "8": mapped("Zending niet afgeleverd", _FAILED),
    "9": mapped("Zending bij douane", _TRANSIT),
    "11": mapped("Zending afgeleverd", _DELIVERED),
    "12": mapped("Zending beschikbaar op afhaallocatie", _DELIVERED, place=_PICKUP),
    "13": mapped("Voorgemeld: nog niet aangenomen", _ANNOUNCED),
    "14": mapped("Voorgemeld: definitief niet aangenomen", _EXCEPTION),
    "15": mapped("Manco collectie", _EXCEPTION),
    "16": mapped("Manco sortering", _EXCEPTION),
    "17": mapped("Manco distributie", _EXCEPTION),
    "18": mapped("Definitief manco", _EXCEPTION),
    "19": mapped("Zending afgekeurd", _EXCEPTION),
    "20": mapped("Zending in inklaringsproces", _TRANSIT),
    "21": mapped("Zending in voorraad", _DEPOT),
    # Collected by the recipient: delivered, but neither at the door nor waiting at the point.
    "22": mapped("Zending afgehaald van Postkantoor", _DELIVERED),
    "23": mapped("Afhaalopdracht gecollecteerd", _RECEIVED),
    "27": mapped("Retour Onbestelbaar", _RETURNING),
    "28": mapped("Retour Foutieve aflevercode", _RETURNING),
    "31": mapped("Zending klaar voor transport naar land van bestemming", _TRANSIT),
    # 01 Zending voorgemeld
    "A01": mapped("Pakket is nog niet door PostNL ontvangen of verwerkt", _ANNOUNCED),
    "A10": mapped("Verzender heeft retourlabel gegenereerd", _ANNOUNCED),
    "A71": mapped("Zending aangemeld", _ANNOUNCED),
    "F01": mapped("Afhaalzending wordt opgehaald", _ANNOUNCED),
    "J93": mapped("Voorgemelde zending gedeeltelijk niet aangetroffen", _EXCEPTION),
    "M03": mapped("Geldigheidsduur label verstreken", _EXCEPTION),
    "X80": mapped("Afhaalopdracht ontvangen", _ANNOUNCED),
    "X81": mapped("Retourzending ontvangen in land van bestemming", _TRANSIT),
    # 02 Zending in ontvangst genomen
    "B01": mapped("Zending is ontvangen door PostNL", _RECEIVED),
    "X40": mapped("Zending ontvangen op PostNL-punt", _RECEIVED),
    # 03 Zending afgehaald
    "B04": mapped("Zending is afgehaald door PostNL", _RECEIVED),
    "Z80": mapped("Yes! Je zending is opgehaald bij een ophaalpunt", _RECEIVED),
    # 04 Zending niet afgehaald: a collection from the sender failed, the parcel is still there.
    "D02": mapped("Zending niet afgehaald, adres onjuist", _ANNOUNCED),
    "D03": mapped("Afhaalzending niet opgehaald, niemand op adres aanwezig", _ANNOUNCED),
    "D04": mapped("Zending niet opgehaald, onjuist adres", _ANNOUNCED),
    "D05": mapped("Er was geen zending om af te halen", _ANNOUNCED),
    "D06": mapped("Afhaalzending niet opgehaald, zending geen (correct) label", _ANNOUNCED),
    "D07": mapped("Afhaalzending niet opgehaald, zending niet goed verpakt", _ANNOUNCED),
    "D09": mapped("Afhaalzending niet opgehaald, geen gehoor", _ANNOUNCED),
    "D40": mapped("Afhaalzending niet opgehaald", _ANNOUNCED),
    "D41": mapped("Afhaalopdracht geannuleerd", _EXCEPTION),
    "H31": mapped("Verzender heeft de zendingsopdracht geannuleerd", _EXCEPTION),
    "X42": mapped("Zending geweigerd bij PostNL-punt, te groot/te zwaar", _EXCEPTION),
    "X43": mapped("Zending geweigerd bij PostNL-punt, niet goed verpakt", _EXCEPTION),
    "Y80": mapped("We hebben je gemist, we komen nog een keer", _ANNOUNCED),
    "Y81": mapped("Afhaalopdracht mislukt, geen nieuwe poging", _EXCEPTION),
    # 05 Zending gesorteerd
    "A08": mapped("Keuze van ontvanger: bezorgen bij buren", _TRANSIT),
    "A09": mapped("Keuze van ontvanger: bezorgen op afhaallocatie", _TRANSIT),
    "A11": mapped("Keuze van ontvanger: bezorgen bij willekeurige buren", _TRANSIT),
    "A12": mapped("Keuze van ontvanger: bezorgen op andere dag", _TRANSIT),
    "A13": mapped("Keuze van ontvanger: bezorgen in een ander dagdeel", _TRANSIT),
    "A27": mapped("Zending wordt afgeleverd bij de pakketautomaat", _TRANSIT),
    "A28": mapped("Vanaf 09.00 uur af te halen bij PostNL-punt", _TRANSIT),
    "A29": mapped("Zending wordt afgeleverd in de avond op een ander adres", _TRANSIT),
    "A30": mapped("Zending wordt afgeleverd op een ander adres", _TRANSIT),
    "A31": mapped("Zending wordt afgeleverd in de avond bij buren", _TRANSIT),
    "A32": mapped("Zending wordt bezorgd in de avond op een andere dag", _TRANSIT),
    "A34": mapped("Bezorging gewijzigd naar een PostNL-punt", _TRANSIT),
    "A35": mapped("Bezorging gewijzigd naar een andere dag", _TRANSIT),
    "A42": mapped("De bezorgdatum van de zending is aangepast", _TRANSIT),
    "A43": mapped("E-mail is verzonden met uitnodiging voor 2de bezorgpoging", _TRANSIT),
    "A99": mapped("Zending wordt bezorgd op PostNL-punt", _TRANSIT),
    "J01": mapped("Zending is gesorteerd", _DEPOT),
    "J06": mapped("Zending gesorteerd in sorteercentrum", _DEPOT),
    "J07": mapped(
        "Gesloten: aflevering uitgesteld tot volgende werkdag", _FAILED, reason=_NOT_HOME
    ),
    "J09": mapped(_DELAYED, _TRANSIT),
    "J10": mapped("Zending is gesorteerd", _DEPOT),
    "J14": mapped(_DELAYED, _TRANSIT),
    "J16": mapped("Bezorgadres onbereikbaar, nieuwe poging volgt", _FAILED),
    "J17": mapped("Aflevering uitgesteld i.v.m. gesloten verklaring", _TRANSIT),
    "J22": mapped("Uitstel van aflevering vanwege incomplete multicollozending", _TRANSIT),
    "J24": mapped(_DELAYED, _TRANSIT),
    "J26": mapped("Aflevering uitgesteld tot volgende werkdag", _TRANSIT),
    "J27": mapped("Zending gesorteerd door depot", _DEPOT),
    "J28": mapped("Vanwege formaat wordt zending bezorgd door PostNL Extra@Home", _TRANSIT),
    "J33": mapped("Herstelprocedure ivm onjuiste adressering", _EXCEPTION),
    "J36": mapped(_DELAYED, _TRANSIT),
    "J61": mapped("Zending is gesorteerd", _DEPOT),
    "J90": mapped("Zending wordt geleverd op een aangegeven gewenste datum", _TRANSIT),
    "Q12": mapped("Pakket verzonden naar land van bestemming", _TRANSIT),
    "Q13": mapped("Pakket op transport gezet", _TRANSIT),
    "R01": mapped("Zending is gesorteerd", _DEPOT),
    "R06": mapped("Zending is geannuleerd; neem contact op met de afzender", _EXCEPTION),
    "X01": mapped("Goed nieuws! Je zending is de grens over", _TRANSIT),
    "X02": mapped("Yes! Je zending is aangekomen in het land van bestemming", _TRANSIT),
    "X07": mapped("Zending is gesorteerd in land van bestemming", _DEPOT),
    "X08": mapped("Je zending ligt op een sorteercentrum in land van bestemming", _DEPOT),
    "X11": mapped("Antwoord met informatie voor import aangifte ontvangen", _TRANSIT),
    "X14": mapped("Zending in sorteercentrum in land van bestemming", _DEPOT),
    "X17": mapped("Zending gewogen en gewicht bepaald", _TRANSIT),
    "X20": mapped("Retourzending ontvangen in distributiecentrum buitenland", _RETURNING),
    "X21": mapped("Retourzending ontvangen in distributiecentrum", _RETURNING),
    "X22": mapped("Zending uit buitenland komt retour", _RETURNING),
    "X50": mapped("Zending in sorteercentrum", _DEPOT),
    "X51": mapped("Zending is gesorteerd", _DEPOT),
    "X68": mapped("Pakket weer terug in PostNL-proces", _TRANSIT),
    "Y23": mapped("Adres is gecorrigeerd, nieuwe bezorgpoging volgt", _TRANSIT),
    "Y24": mapped("Adres is gecorrigeerd, nieuwe bezorgpoging volgt", _TRANSIT),
    "Y33": mapped("Aflevering uitgesteld tot volgende werkdag", _TRANSIT),
    "Y35": mapped(_DELAYED, _TRANSIT),
    "Y60": mapped(_DELAYED, _TRANSIT),
    "Y61": mapped(_DELAYED, _TRANSIT),
    "Y62": mapped(_DELAYED, _TRANSIT),
    # 06 Zending niet gesorteerd
    "D08": mapped("We hebben je gemist, we komen nog een keer", _FAILED, reason=_NOT_HOME),
    "H10": mapped("Retour, inhoud niet toegestaan", _RETURNING),
    "K01": mapped(_DELAYED, _TRANSIT),
    "K02": mapped("Ontvanger is verhuisd. Zending doorgestuurd naar nieuw adres", _TRANSIT),
    "K03": mapped("Zending doorgestuurd naar door geadresseerde gekozen adres.", _TRANSIT),
    "K30": mapped(
        "Zending kan niet bezorgd worden; Neem contact op met klantenservice", _EXCEPTION
    ),
    "K92": mapped("Zending vernietigd", _EXCEPTION),
    "V01": mapped(_DELAYED, _TRANSIT),
    "V06": mapped(
        "Wegens drukte is je zending vertraagd. Deze zal zo snel mogelijk worden bezorgd",
        _TRANSIT,
    ),
    "Y07": mapped(_DELAYED, _TRANSIT),
    # 07 Zending in distributieproces
    "H32": mapped(_DELAYED, _TRANSIT),
    "H35": mapped("Zending is beschadigd, gaat retour afzender", _FAILED, reason=_DAMAGED),
    "J05": mapped("Bezorger is onderweg", _OUT),
    "J08": mapped("Bezorgen lukte niet, we proberen het nog een keer", _FAILED),
    "J29": mapped("Zending paste niet door brievenbus, we komen nog een keer", _FAILED),
    "J39": mapped("Aflevering uitgesteld tot volgende werkdag", _TRANSIT),
    "J41": mapped("Zending niet toegestaan in de pakketautomaat", _FAILED),
    "J42": mapped("Zending past niet in de pakketautomaat", _FAILED),
    "J45": mapped("Op lijndienst naar distributie depot", _TRANSIT),
    "J47": mapped("Zending niet opgehaald, gaat naar PostNL-punt", _TRANSIT),
    "J48": mapped("Pakket te groot om te bezorgen in de pakketautomaat", _FAILED),
    "J55": mapped("Bezorger is onderweg naar PostNL-punt", _TRANSIT),
    "J94": mapped(
        "Vrachtzending niet afgeleverd, geadresseerde afwezig", _FAILED, reason=_NOT_HOME
    ),
    "J95": mapped("Uitgesteld, gescand op depot", _DEPOT),
    "K14": mapped("Wij hebben je gemist, we komen nog een keer", _FAILED, reason=_NOT_HOME),
    "K15": mapped("Fout bij bezorging zending. Nadere informatie volgt", _EXCEPTION),
    "K70": mapped("Bezorgen lukte niet, zending gaat naar PostNL-punt", _FAILED),
    "Q15": mapped("Zending is onderweg", _TRANSIT),
    "S05": mapped("Zending is onderweg", _TRANSIT),
    "T02": mapped(_DELAYED, _TRANSIT),
    "X04": mapped("De douane in het land van bestemming heeft je zending goedgekeurd", _TRANSIT),
    "X06": mapped("Je zending is onderweg naar de ontvanger", _OUT),
    "X19": mapped("Zending verzonden naar land van bestemming", _TRANSIT),
    "X55": mapped("Bezorger is onderweg", _OUT),
    "Y05": mapped("Je zending is onderweg naar de ontvanger", _OUT),
    # 08 Zending niet afgeleverd
    "H01": mapped(
        "Geweigerd bij bezorging, zending gaat retour afzender", _FAILED, reason=_REFUSED
    ),
    "H02": mapped("Adres onjuist, zending gaat retour afzender", _FAILED, reason=_ADDRESS),
    "H03": mapped("Zending niet afgehaald, gaat retour afzender", _RETURNING),
    "H04": mapped("Zending is beschadigd, gaat retour afzender", _FAILED, reason=_DAMAGED),
    "H05": mapped("We hebben je gemist, zending gaat retour afzender", _FAILED, reason=_NOT_HOME),
    "H07": mapped("We hebben je gemist, zending gaat retour afzender", _FAILED, reason=_NOT_HOME),
    "H08": mapped("Aflevercode of legitimatie onjuist, zending retour afzender", _RETURNING),
    "H09": mapped("Zending niet compleet, retour afzender", _RETURNING),
    "H12": mapped("Zending retour afzender, geadresseerde onjuist", _FAILED, reason=_ADDRESS),
    "H20": mapped("Zending retour afzender", _RETURNING),
    "H22": mapped("Zending op verzoek van afzender retour gestuurd", _RETURNING),
    "H24": mapped("Retour gestuurd door afhaallocatie op verzoek van ontvanger", _RETURNING),
    "H34": mapped("Zending niet afgeleverd", _FAILED),
    "H36": mapped("Zending niet bezorgd, adres onjuist", _FAILED, reason=_ADDRESS),
    "H38": mapped(
        "Geweigerd bij bezorging, zending gaat retour afzender", _FAILED, reason=_REFUSED
    ),
    "H51": mapped("Zending niet afgeleverd, geen brievenbus. Retour afzender.", _RETURNING),
    "H52": mapped("Zending niet afgeleverd, past niet. Retour afzender.", _RETURNING),
    "J92": mapped(_DELAYED, _TRANSIT),
    "K16": mapped("Bezorgadres onbereikbaar, nieuwe poging volgt", _FAILED),
    "K41": mapped("Rembours zend. niet afgeleverd, ontvanger kan niet betalen", _FAILED),
    "K43": mapped("Zending wordt geretourneerd", _RETURNING),
    "Y01": mapped("Zending niet bezorgd, adres incorrect", _FAILED, reason=_ADDRESS),
    "Y02": mapped("We hebben je gemist, zending niet bezorgd", _FAILED, reason=_NOT_HOME),
    "Y03": mapped("Zending geweigerd door geadresseerde", _FAILED, reason=_REFUSED),
    "Y04": mapped("Zending beschadigd", _FAILED, reason=_DAMAGED),
    "Y08": mapped(_DELAYED, _TRANSIT),
    "Y09": mapped(
        "Contact met geadresseerde vanwege incorrect afleveradres", _FAILED, reason=_ADDRESS
    ),
    "Y10": mapped("We hebben je gemist, we komen nog een keer", _FAILED, reason=_NOT_HOME),
    "Y11": mapped("Zending beschadigd, contact gezocht met ontvanger", _FAILED, reason=_DAMAGED),
    "Y12": mapped(
        "Adres incorrect, PostNL neemt contact op met afzender", _FAILED, reason=_ADDRESS
    ),
    "Y13": mapped("Zending geweigerd, PostNL zoekt contact met afzender", _FAILED, reason=_REFUSED),
    "Y14": mapped("Zending beschadigd", _FAILED, reason=_DAMAGED),
    "Y15": mapped("Zending niet bezorgd, contact met afzender", _FAILED),
    "Y16": mapped("Adres incorrect, zending retour afzender", _FAILED, reason=_ADDRESS),
    "Y17": mapped("Zending niet bezorgd, adres incorrect", _FAILED, reason=_ADDRESS),
    "Y18": mapped("Zending is beschadigd, zending retour afzender", _FAILED, reason=_DAMAGED),
    "Y19": mapped("Zending bevat verboden artikel, zending retour afzender", _RETURNING),
    "Y20": mapped("Zending niet afgehaald, gaat retour afzender", _RETURNING),
    "Y21": mapped("Zending retour afzender", _RETURNING),
    "Y22": mapped("Zending niet afgeleverd, geadresseerde verhuisd", _FAILED, reason=_ADDRESS),
    "Y30": mapped("Zending is niet afgeleverd i.v.m. onjuiste postcode", _FAILED, reason=_ADDRESS),
    "Y31": mapped("Zending niet bezorgd, ontbrekende postcode", _FAILED, reason=_ADDRESS),
    "Y32": mapped("Zending niet bezorgd, onbekend adres", _FAILED, reason=_ADDRESS),
    "Y36": mapped("Zending niet afgeleverd: identificatie ontvanger ontbreekt", _FAILED),
    "Y38": mapped("Zending niet afgeleverd: pakket naar depot bestemmingsland", _FAILED),
    "Y39": mapped("Contact met ontvanger om een afspraak te plannen.", _FAILED),
    "Y40": mapped("We hebben je gemist, zending gaat retour afzender", _FAILED, reason=_NOT_HOME),
    "Y41": mapped("Zending is niet afgeleverd. Toegangscode locatie ontbreekt", _FAILED),
    "Y42": mapped(
        "Zending is niet afgeleverd, geadresseerde is onbereikbaar", _FAILED, reason=_NOT_HOME
    ),
    "Y43": mapped(
        "Zending vertraagd wegens gesloten locatie geadresseerde", _FAILED, reason=_NOT_HOME
    ),
    "Y44": mapped(
        "Zending door ontvanger geweigerd wegens beschadiging.", _FAILED, reason=_REFUSED
    ),
    "Y50": mapped("Zending geweigerd; onvolledig", _FAILED, reason=_REFUSED),
    "Y71": mapped("Zending is vermist", _EXCEPTION),
    # 09 Zending bij douane
    "J59": mapped("Pakket wordt vandaag toch nog via een koerier bij je bezorgd", _OUT),
    "X30": mapped(
        "Zending vertraagd in land van bestemming door aanvullend onderzoek bij inklaring",
        _TRANSIT,
    ),
    "X60": mapped("Invoeraangifte ingediend door PostNL", _TRANSIT),
    "X61": mapped("Invoeraangifte succesvol afgerond", _TRANSIT),
    "X62": mapped("Aanvullende aangifte is ingediend", _TRANSIT),
    "X63": mapped("Zending vertraagd vanwege steekproefcontrole bij inklaring", _TRANSIT),
    "X64": mapped("Zending vertraagd vanwege steekproefcontrole bij inklaring", _TRANSIT),
    "X65": mapped("Aanvullende aangifte succesvol afgerond bij douane", _TRANSIT),
    "X66": mapped("Het aangifteproces van de zending is stopgezet", _EXCEPTION),
    "Y25": mapped(
        "De zending ligt bij de douane in het land van bestemming voor verdere afhandeling",
        _TRANSIT,
    ),
    "Y29": mapped("De zending is vernietigd namens de douane in land van bestemming", _EXCEPTION),
    # 11 Zending afgeleverd
    "I01": mapped("Zending is bezorgd", _DELIVERED),
    "I03": mapped("Zending is bezorgd", _DELIVERED),
    "I05": mapped("Zending is bezorgd in de brievenbus", _DELIVERED, place=_MAILBOX),
    "I06": mapped("Zending gesorteerd, wordt overgedragen aan geadresseerde", _OUT),
    "I07": mapped("Retourzending gesorteerd, wordt overgedragen aan afzender", _RETURNED),
    "I09": mapped("Zending afgeleverd in pakketkluis", _DELIVERED, place=_SAFE_PLACE),
    "I10": mapped("Zending is bezorgd bij de buren", _DELIVERED, place=_NEIGHBOUR),
    "I11": mapped("Zending is bezorgd in de brievenbus", _DELIVERED, place=_MAILBOX),
    "I12": mapped("Zending is bezorgd op de afgesproken plek", _DELIVERED, place=_SAFE_PLACE),
    "I22": mapped("Zending is afgehaald bij PostNL-punt", _DELIVERED, place=_COLLECTED),
    "I23": mapped("Zending is overhandigd aan ontvanger", _DELIVERED, place=_RECIPIENT),
    # PostNL lists J23 under both status 11 and status 12; both mean it waits in the locker.
    "J23": mapped("Zending kan worden afgehaald bij de pakketautomaat", _DELIVERED, place=_PICKUP),
    "J63": mapped("Retourzending afgeleverd", _RETURNED),
    "J91": mapped("Gedeeltelijk manco aangeleverde zending afgeleverd", _DELIVERED),
    "K91": mapped("In opslag i.v.m. calamiteit tot nader order", _EXCEPTION),
    "X24": mapped(
        "Zending retour gestuurd naar zakelijke postbushouder in het buitenland.", _RETURNED
    ),
    "Y26": mapped("Zending af te halen bij postbus", _DELIVERED, place=_PICKUP),
    "Z01": mapped("Yes! Je zending is bezorgd bij de ontvanger", _DELIVERED, place=_RECIPIENT),
    "Z02": mapped("Yes! Je zending is bezorgd bij de ontvanger", _DELIVERED, place=_RECIPIENT),
    "Z03": mapped("Yes! Je zending is bezorgd bij de ontvanger", _DELIVERED, place=_RECIPIENT),
    "Z04": mapped("Yes! Je zending is bezorgd bij de ontvanger", _DELIVERED, place=_RECIPIENT),
    "Z05": mapped(
        "Je zending is bezorgd bij buren in het land van bestemming",
        _DELIVERED,
        place=_NEIGHBOUR,
    ),
    "Z06": mapped("Yes! Je zending is opgehaald bij een ophaalpunt", _DELIVERED, place=_COLLECTED),
    "Z08": mapped("Yes! Je zending is bezorgd bij de ontvanger", _DELIVERED, place=_RECIPIENT),
    "Z09": mapped(
        "Je zending is bezorgd op de veilige locatie van je ontvanger",
        _DELIVERED,
        place=_SAFE_PLACE,
    ),
    # 12 Zending beschikbaar op afhaallocatie
    "I08": mapped("Zending beschikbaar op PostNL-punt", _DELIVERED, place=_PICKUP),
    "J02": mapped("Pakket ligt voor je klaar op PostNL-punt", _DELIVERED, place=_PICKUP),
    "J12": mapped("Pakket ligt voor je klaar op PostNL-punt", _DELIVERED, place=_PICKUP),
    "J52": mapped("Zending af te halen bij postbus-locatie", _DELIVERED, place=_PICKUP),
    "X05": mapped("Zending af te halen bij afhaallocatie", _DELIVERED, place=_PICKUP),
    # 13 Voorgemeld: nog niet aangenomen
    "A20": mapped("Verzoek tot betaling kosten voor zending verstuurd", _ANNOUNCED),
    "A21": mapped("Je hebt betaald, we maken je pakket klaar voor bezorging", _ANNOUNCED),
    "A22": mapped("Verzoek tot betaling geweigerd", _EXCEPTION),
    "Q02": mapped("Transactie op PostNL-punt geannuleerd", _ANNOUNCED),
    "X03": mapped("De douane in het land van bestemming checkt je zending", _TRANSIT),
    # 14 Voorgemeld: definitief niet aangenomen
    "M01": mapped("Pakket niet fysiek aangeboden aan PostNL", _EXCEPTION),
    # 15, 16, 17 Manco (missing) in collection, sorting, distribution, worded as a delay.
    "G03": mapped(
        "Door grote drukte duurt het wat langer dan normaal. We doen er alles aan om je "
        "pakket zo snel mogelijk te bezorgen",
        _EXCEPTION,
    ),
    "G01": mapped(_DELAYED, _EXCEPTION),
    "G02": mapped(_DELAYED, _EXCEPTION),
    "G05": mapped(_DELAYED, _EXCEPTION),
    "H23": mapped("Geannuleerd door PostNL, geen bezorgafspraak kunnen maken.", _EXCEPTION),
    "K90": mapped("Nog geen status bekend. Probeer later opnieuw.", _EXCEPTION),
    # 19 Zending afgekeurd
    "F03": mapped("Zending niet verwerkt vanwege ontbrekende verzendgegevens", _EXCEPTION),
    "F04": mapped("Zending niet verwerkt vanwege ontbrekende verzendgegevens", _EXCEPTION),
    "F05": mapped("Zending wordt niet verwerkt. Afhaalcontract ontbreekt", _EXCEPTION),
    "F06": mapped("Zending wordt niet verwerkt. Postcode afhaaladres onbekend.", _EXCEPTION),
    "F07": mapped("Zending wordt niet verwerkt. Postcode bezorgadres onbekend.", _EXCEPTION),
    "F08": mapped("Zending niet verwerkt. Afhaaldatum ligt in het verleden.", _EXCEPTION),
    "F10": mapped("Zending wordt niet verwerkt. Afhaaldatum is geen werkdag.", _EXCEPTION),
    # 20 Zending in inklaringsproces
    "A76": mapped("Zending aangekomen in Nederland", _TRANSIT),
    "X10": mapped(
        "Er ontbreken pakket gegevens. Je ontvangt van ons een informatieverzoek", _EXCEPTION
    ),
    "X67": mapped("Wacht op betaling importkosten", _TRANSIT),
    # 21 Zending in voorraad
    "V02": mapped(_DELAYED, _DEPOT),
    "V03": mapped(_DELAYED, _DEPOT),
    "V04": mapped("Bezorging is vertraagd, te laat aangeleverd bij PostNL", _DEPOT),
    "V11": mapped(_DELAYED, _DEPOT),
    "V12": mapped("Ontvangen door PostNL", _RECEIVED),
    "V13": mapped("Ontvangen door PostNL", _RECEIVED),
    "V21": mapped(_DELAYED, _DEPOT),
    "V22": mapped("Zending is bij PostNL", _RECEIVED),
    "V23": mapped("Ontvangen door PostNL", _RECEIVED),
    "V31": mapped("Ontvangen door PostNL, vertraagd", _RECEIVED),
    "V50": mapped("Ontvangen door PostNL", _RECEIVED),
    # 22 Zending afgehaald van Postkantoor; 23 Afhaalopdracht gecollecteerd
    "I02": mapped("Zending is afgehaald bij PostNL-punt", _DELIVERED, place=_COLLECTED),
    "C01": mapped("Zending is afgehaald door PostNL", _RECEIVED),
    # 27 Retour Onbestelbaar; 28 Retour Foutieve aflevercode
    "H16": mapped("Bezorging niet gelukt, pakket gaat terug naar de afzender", _RETURNING),
    "H25": mapped("Bezorging niet mogelijk, pakket gaat terug naar afzender", _RETURNING),
    "Y37": mapped("Zending niet afgeleverd: neem contact op met locale bezorger", _RETURNING),
    # 31 Zending klaar voor transport naar land van bestemming
    "A72": mapped("Zending is klaar voor transport naar Nederland", _TRANSIT),
    "A74": mapped("Zending is ontvangen door partner in land van verzending", _RECEIVED),
    "A75": mapped("Zending is onderweg naar Nederland", _TRANSIT),
    "X15": mapped("Zending gesorteerd in land van bestemming", _DEPOT),
    # 99 Niet van toepassing: the event's own words decide.
    "A41": mapped("Klantenservice Extra@Home heeft contact gehad", _TRANSIT),
    "A46": mapped("Verzoek van ontvanger tot retour sturen door afhaallocatie", _RETURNING),
    "A73": mapped("Zending is gecollecteerd door partner", _RECEIVED),
    "A94": mapped("Zelf bezorging gewijzigd", _TRANSIT),
    "B06": mapped("Zending geaccepteerd door PostNL", _RECEIVED),
    "C02": mapped("Gescand bij PostNL-selfservicepunt", _RECEIVED),
    "H15": mapped("Zending te groot of te zwaar, retour afzender", _RETURNING),
    "H17": mapped("Waarde is hoger dan toegestaan door douane. Retour afzender.", _RETURNING),
    "H18": mapped("Bezorging niet gelukt, pakket gaat terug naar de afzender", _RETURNING),
    "H30": mapped("Verzender heeft de zendingsopdracht geannuleerd", _EXCEPTION),
    "J56": mapped("We zijn onderweg om je zending af te halen", _ANNOUNCED),
    "J80": mapped("Deze zending heeft nog geen afleverscan gekregen", _TRANSIT),
    "K25": mapped("Zending vertraagd, locatie onbereikbaar voor verwerking", _TRANSIT),
    "K71": mapped("Bezorgen lukte niet, zending gaat naar PostNL-punt", _FAILED),
    "P20": mapped("Afgesproken plek is niet veilig, diefstalgevoelig", _FAILED),
    "P21": mapped("Afgesproken plek is zichtbaar vanaf de straat, open gebied", _FAILED),
    "P22": mapped("Afgesproken plek is nat, niet overdekt", _FAILED),
    "P23": mapped("Afgesproken plek is niet toegankelijk/beschikbaar", _FAILED),
    "P24": mapped("Afgesproken plek volstaat niet, afmetingen pakket te groot", _FAILED),
    "Q14": mapped("Zending uit transport gehaald voor controle", _TRANSIT),
    "Q16": mapped("Pakket in depot, gaat onderweg naar land van bestemming", _TRANSIT),
    "Q17": mapped("Je pakket is klaar voor verzending naar Europa", _TRANSIT),
    "Q18": mapped("Je pakket is klaar voor verzending naar Nederland", _TRANSIT),
    "Q19": mapped("Je pakket is onderweg, het is nog niet ontvangen door PostNL", _TRANSIT),
    "X16": mapped("Zending voorgemeld en gesorteerd door PostNL", _TRANSIT),
    "X52": mapped("Je zending wacht op bezorging in het land van bestemming", _TRANSIT),
    "Y45": mapped("Pakket definitief uit proces gehaald i.v.m. verboden inhoud.", _EXCEPTION),
    "Y46": mapped("Pakket overschrijdt douanewaarde, transport is uitgesteld", _TRANSIT),
    "Y47": mapped("Retour afzender: ontbrekend/onjuist exportformulier", _RETURNING),
    "Y48": mapped("Pakket onbestelbaar: fout exportformulier & geen retouradres", _EXCEPTION),
    "Y64": mapped("Vertraging door importcontrole in land van bestemming", _TRANSIT),
    "Y65": mapped("Je zending is vertraagd door extreme weersomstandigheden", _TRANSIT),
    "Y66": mapped("Sorry, je zending is vertraagd door IT-problemen", _TRANSIT),
}


def _text(item: dict[str, Any], key: str) -> str:
    """A field as text; PostNL writes an empty field as `{}` (its JSON is converted XML)."""
    value = item.get(key)
    if value is None or value == {}:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"'{key}' must be text")


def _listed(value: Any, key: str) -> list[Any]:
    """A repeated element: PostNL drops the list around a single item and writes none as {}."""
    if value is None or value == {}:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise MalformedPayload(f"'{key}' must be an object or a list of objects")


def _moment(item: dict[str, Any]) -> datetime:
    stamp = _text(item, "TimeStamp") or _text(item, "Timestamp")
    if not stamp:
        raise ValueError("has no 'TimeStamp'")
    try:
        return parse_moment(stamp, _TIMESTAMP_FORMATS, TIMEZONE)
    except ValueError as exc:
        raise ValueError(f"has an {exc}") from None


def _house(address: dict[str, Any]) -> str:
    number = _text(address, "HouseNumber") or _text(address, "HouseNr")
    suffix = _text(address, "HouseNumberSuffix") or _text(address, "HouseNrExt")
    if not suffix:
        return number
    # "14A" and "14-2" are written together, "14 bis" apart, as on Dutch envelopes.
    joined = suffix.startswith(("-", "/")) or (len(suffix) == 1 and suffix.isalpha())
    return f"{number}{suffix}" if joined else f"{number} {suffix}"


def _street_line(address: dict[str, Any]) -> str:
    return " ".join(part for part in (_text(address, "Street"), _house(address)) if part)


def _neighbour_detail(address: dict[str, Any]) -> str:
    if _text(address, "Street"):
        return _street_line(address)
    house = _house(address)
    return f"huisnummer {house}" if house else ""


def _pickup_detail(address: dict[str, Any]) -> str:
    parts = (
        _text(address, "CompanyName"),
        _street_line(address),
        _text(address, "City"),
    )
    return ", ".join(part for part in parts if part)


def _place_details(shipment: dict[str, Any]) -> dict[DeliveryPlace, str]:
    """What the shipment's addresses say about the neighbour and the pickup point, if anything."""
    details: dict[DeliveryPlace, str] = {}
    try:
        addresses = _listed(shipment.get("Address") or shipment.get("Addresses"), "Address")
    except MalformedPayload:
        # Addresses only add detail to events: garbled ones leave the detail empty.
        return details
    for address in addresses:
        if not isinstance(address, dict):
            continue
        try:
            kind = _text(address, "AddressType")
            if kind == _NEIGHBOUR_ADDRESS:
                details[_NEIGHBOUR] = _neighbour_detail(address)
            elif kind == _PICKUP_ADDRESS:
                details[_PICKUP] = _pickup_detail(address)
        except ValueError:
            continue
    return {place: detail for place, detail in details.items() if detail}


def _event(
    item: Any, tracking_code: str, details: dict[DeliveryPlace, str], *, is_status: bool
) -> CarrierEvent | None:
    if not isinstance(item, dict):
        raise ValueError("must be an object")
    code = _text(item, "StatusCode" if is_status else "Code")
    if not code:
        raise ValueError("has no 'StatusCode'" if is_status else "has no 'Code'")
    if is_status and code == _NOT_APPLICABLE:
        return None
    try:
        occurred_at = _moment(item)
        description = _text(item, "StatusDescription" if is_status else "Description")
    except ValueError as exc:
        raise ValueError(f"{code} {exc}") from None
    entry = code_entry(STATUS_MAP, code)
    place = entry.meaning.place if entry else None
    detail = details.get(place, "") if place else ""
    return CarrierEvent(
        tracking_code=tracking_code,
        code=code,
        occurred_at=occurred_at,
        description=description,
        delivery_place=place if detail else None,
        delivery_place_detail=detail,
    )


def _shipment_events(
    shipment: dict[str, Any], fallback_code: str, first: int
) -> tuple[Parsed, int]:
    """The shipment's events, and how many items were read, so problems number on across all."""
    try:
        tracking_code = _text(shipment, "Barcode") or fallback_code
    except ValueError:
        raise MalformedPayload("'Shipment.Barcode' must be text") from None
    if not tracking_code:
        raise MalformedPayload("a Shipment has no 'Barcode'")
    details = _place_details(shipment)
    items = _listed(shipment.get("Event"), "Event")
    is_status = not items
    if is_status:
        # Without events (a CurrentStatus answer) the statuses are all there is to show.
        items = _listed(shipment.get("Status"), "Status") + _listed(
            shipment.get("OldStatus"), "OldStatus"
        )
    what = "status" if is_status else "event"
    parsed = Parsed()
    seen: set[tuple[str, datetime]] = set()
    for index, item in enumerate(items, start=first):
        try:
            event = _event(item, tracking_code, details, is_status=is_status)
        except ValueError as exc:
            parsed.problems.append(ItemProblem(index, f"{what} {index}: {exc}"))
            continue
        # OldStatus repeats the current Status; one of them is enough.
        if event is None or (event.code, event.occurred_at) in seen:
            continue
        seen.add((event.code, event.occurred_at))
        parsed.events.append(event)
    expectation = shipment.get("Expectation")
    if isinstance(expectation, dict):
        # PostNL's expected delivery window, told with the shipment: it goes on the latest event.
        with_window(
            parsed.events,
            expectation.get("ETAFrom"),
            expectation.get("ETATo"),
            _TIMESTAMP_FORMATS,
            TIMEZONE,
        )
    return parsed, len(items)


def _document(body: bytes) -> dict[str, Any]:
    document = read_json(body, "PostNL Shippingstatus JSON")
    if not isinstance(document, dict):
        raise MalformedPayload("expected a JSON object with 'CompleteStatus' or 'CurrentStatus'")
    return document


def _parse(body: bytes, fallback_code: str) -> Parsed:
    document = _document(body)
    key = next((k for k in ("CompleteStatus", "CurrentStatus") if k in document), None)
    if key is None:
        raise MalformedPayload("expected 'CompleteStatus' or 'CurrentStatus' at the top level")
    block = document[key]
    if block is None or block == {}:
        # "No shipment found" comes as an empty block with a warning: nothing to record yet.
        return Parsed()
    if not isinstance(block, dict) or "Shipment" not in block:
        raise MalformedPayload(f"'{key}' must be an object with 'Shipment'")
    shipments = _listed(block["Shipment"], f"{key}.Shipment")
    parsed = Parsed()
    read = 0
    for shipment in shipments:
        if not isinstance(shipment, dict):
            raise MalformedPayload(f"'{key}.Shipment' must be an object or a list of objects")
        part, count = _shipment_events(shipment, fallback_code, read)
        read += count
        parsed.events.extend(part.events)
        parsed.problems.extend(part.problems)
    return parsed


def parse_webhook(body: bytes, content_type: str) -> Parsed:
    return _parse(body, "")


def tracking_request(tracking_code: str, account: Credentials) -> OutgoingRequest:
    barcode = quote(tracking_code.strip().upper(), safe="")
    return OutgoingRequest(
        "GET",
        f"{account.api_url.rstrip('/')}/shipment/v2/status/barcode/{barcode}?detail=true",
        {"apikey": account.api_key, "Accept": "application/json"},
    )


def parse_tracking(body: bytes, tracking_code: str) -> Parsed:
    return _parse(body, tracking_code.strip().upper())
