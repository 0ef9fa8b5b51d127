"""Synthetic demo exchange: groups with discussions, direct messages, the board, moderation, notifications.

Everything is invented: the people are the demo accounts and the representatives the events demo
created (addresses ending in ``demo.vielfalt.invalid``), what they write is made up. Times are relative
to now. Deterministic (a seeded random generator) and idempotent: nothing happens if threads,
messages, board entries or groups other than the regional ones exist (the regional groups come with
the regions, see ``services.regional_groups_ensure``).

The rows are written directly and in bulk, keeping what the services guarantee: one membership per
person and group and at least one active moderator in every group; only active members write in a
group; a thread's ``last_post_at`` is the time of its last post and ``reply_count`` its posts but
the first; post bodies are sanitised HTML; a conversation's ``last_message_at`` is its last message,
everyone who wrote in it has read it up to there; a conversation with an organisation has its
starter (``is_starter``) and the admins who answered; open reports are one per person and target.
Notifications say what happened in the rows above (a reply, a mention, a message), read or not.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any, TextIO

from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.core.lib.richtext import sanitise
from vielfalt.events.demo import CAFE_TITLE
from vielfalt.events.models import Event, Registration
from vielfalt.exchange.models import (
    Block,
    BoardPost,
    Conversation,
    ConversationMember,
    Group,
    GroupMembership,
    Message,
    ModerationAction,
    Post,
    Report,
    Suspension,
    Thread,
)
from vielfalt.exchange.services import regional_groups_ensure
from vielfalt.notifications.models import Category, Notification
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.regions.models import District

SEED = 5005
README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"
TEAM = f"team@{DEMO_DOMAIN}"

Role = GroupMembership.Role
Status = GroupMembership.Status
Joining = Group.Joining
Visibility = Group.Visibility

# --- the groups ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    kind: str
    name: str
    translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    fields: tuple[str, ...] = ()
    joining: str = Joining.OPEN
    visibility: str = Visibility.PLATFORM
    days: int = 420  # how long ago the team opened it


TOPIC_GROUPS = (
    GroupSpec(
        "foerdermittel", Group.Kind.TOPIC, "Fördermittel",
        {"en": "Funding", "tr": "Hibeler ve destek programları", "ar": "التمويل والمنح", "fa": "منابع مالی و حمایت",
         "ru": "Финансирование", "uk": "Фінансування"},
        "Förderprogramme, Fristen, Anträge und Verwendungsnachweise: Hier fragen Vereine, was sie wissen wollen, und "
        "teilen, was bei ihnen geklappt hat – vom Mikroprojekt im Landesprogramm WIR bis zur Stiftung vor Ort.",
        {"en": "Funding programmes, deadlines, applications and reports: associations ask what they want to know and "
               "share what worked for them.",
         "tr": "Destek programları, son başvuru tarihleri, başvurular ve kullanım raporları: Dernekler sorularını "
               "soruyor ve deneyimlerini paylaşıyor."},
        ("demokratie-teilhabe", "bildung"), days=430,
    ),
    GroupSpec(
        "oeffentlichkeitsarbeit", Group.Kind.TOPIC, "Öffentlichkeitsarbeit",
        {"en": "Public relations", "tr": "Halkla ilişkiler", "ar": "العلاقات العامة", "fa": "روابط عمومی",
         "ru": "Связи с общественностью", "uk": "Зв’язки з громадськістю"},
        "Pressemitteilung, Social Media, Flyer, Vereinsfeste: wie Vereine mit wenig Zeit und Geld sichtbar werden.",
        {"en": "Press releases, social media, flyers, festivals: how associations become visible with little time "
               "and money."},
        ("kultur", "demokratie-teilhabe"), days=410,
    ),
    GroupSpec(
        "jugendarbeit", Group.Kind.TOPIC, "Jugendarbeit",
        {"en": "Youth work", "tr": "Gençlik çalışmaları", "ar": "العمل مع الشباب", "fa": "کار با جوانان",
         "ru": "Работа с молодёжью", "uk": "Робота з молоддю"},
        "Nachwuchs gewinnen, Jugendliche Verantwortung übernehmen lassen, Freizeiten und Hausaufgabenhilfe "
        "organisieren – Austausch für alle, die in ihren Vereinen mit jungen Menschen arbeiten.",
        {"en": "Attracting young members, letting young people take responsibility, organising camps and homework "
               "help."},
        ("jugend", "sport", "bildung"), days=400,
    ),
    GroupSpec(
        "elternarbeit", Group.Kind.TOPIC, "Elternarbeit",
        {"en": "Working with parents", "tr": "Veli çalışmaları", "ar": "العمل مع الأهالي", "fa": "کار با والدین",
         "ru": "Работа с родителями", "uk": "Робота з батьками"},
        "Elterncafés, Elternabende mit Verdolmetschung, Zusammenarbeit mit Kitas und Schulen: Erfahrungen und "
        "Material aus der Elternarbeit.",
        {"en": "Parent cafés, parents' evenings with interpreting, working with nurseries and schools.",
         "ar": "مقاهي الأهالي، واجتماعات أولياء الأمور مع الترجمة، والتعاون مع الحضانات والمدارس."},
        ("elternarbeit", "bildung", "sprache"), days=395,
    ),
    GroupSpec(
        "ehrenamt-wir-lotsen", Group.Kind.TOPIC, "Ehrenamt & WIR-Lotsen",
        {"en": "Volunteering & WIR guides", "tr": "Gönüllülük ve WIR rehberleri", "ar": "العمل التطوعي ومرشدو WIR",
         "fa": "کار داوطلبانه و راهنمایان WIR", "ru": "Волонтёрство и гиды WIR",
         "uk": "Волонтерство та провідники WIR"},
        "Für Ehrenamtliche, WIR-Integrationslotsinnen und -lotsen und alle, die sie begleiten: Einsätze, "
        "Basisqualifizierung, Anerkennung und was Menschen lange dabeibleiben lässt.",
        {"en": "For volunteers, WIR integration guides and everyone who supports them.",
         "fa": "برای داوطلبان، راهنمایان ادغام WIR و همه کسانی که آنها را همراهی می‌کنند."},
        ("gefluechtete", "sprache", "demokratie-teilhabe"), days=390,
    ),
)  # fmt: skip
WOMEN = GroupSpec(
    "frauen-in-vereinsvorstaenden", Group.Kind.TOPIC, "Frauen in Vereinsvorständen",
    {"en": "Women on association boards", "tr": "Dernek yönetimlerinde kadınlar",
     "ar": "النساء في مجالس إدارة الجمعيات"},
    "Ein geschützter Raum für Frauen, die Vereine leiten oder leiten möchten: Mentoring, Erfahrungen, Ermutigung. "
    "Die Moderation nimmt neue Mitglieder auf Anfrage auf.",
    {"en": "A protected space for women who lead associations or want to. The moderators admit new members on "
           "request."},
    ("frauen",), joining=Joining.REQUEST, visibility=Visibility.CLOSED, days=300,
)  # fmt: skip
CAFE = GroupSpec(
    "vernetzungscafe", Group.Kind.TOPIC, "Vernetzungscafé – offen für alle",
    {"en": "Networking café – open to all", "tr": "Tanışma kafesi – herkese açık",
     "ar": "مقهى التشبيك – مفتوح للجميع"},
    "Die Gruppe zum monatlichen Vernetzungscafé online: Termine, Vorstellungsrunden, Fragen zwischen den Treffen. "
    "Offen für alle und auch ohne Konto lesbar.",
    {"en": "The group of the monthly online networking café: dates, introductions, questions between the meetings. "
           "Open to all, readable without an account.",
     "tr": "Aylık çevrim içi tanışma kafesinin grubu: tarihler, tanışma turları, buluşmalar arasındaki sorular.",
     "ar": "مجموعة مقهى التشبيك الشهري عبر الإنترنت: المواعيد والتعارف والأسئلة بين اللقاءات."},
    ("demokratie-teilhabe", "kultur"), visibility=Visibility.PUBLIC, days=380,
)  # fmt: skip
STEERING = GroupSpec(
    "steuerungsgruppe-dachverband", Group.Kind.WORKING,
    "Steuerungsgruppe Dachverband der Migrantenorganisationen Hessen",
    {"en": "Steering group: umbrella association of migrant organisations in Hesse"},
    "Die Steuerungsgruppe bereitet die Gründung eines hessenweiten Dachverbands der Migrantenorganisationen vor: "
    "Satzung, Name, Gründungsversammlung. Nur für die gewählten Vertreterinnen und Vertreter der Regionen.",
    {},
    ("demokratie-teilhabe",), joining=Joining.INVITATION, visibility=Visibility.CLOSED, days=240,
)  # fmt: skip
PREPARATION = GroupSpec(
    "ag-vernetzungstreffen", Group.Kind.WORKING, "AG Vernetzungstreffen",
    {"en": "Working group: networking meeting"},
    "Die Arbeitsgruppe bereitet mit dem Team des Kompetenzzentrums das nächste hessenweite Vernetzungstreffen vor: "
    "Workshopthemen, Verdolmetschung, Kinderbetreuung, Ablauf.",
    {},
    ("demokratie-teilhabe", "bildung"), joining=Joining.INVITATION, visibility=Visibility.CLOSED, days=120,
)  # fmt: skip
GROUPS = (*TOPIC_GROUPS, WOMEN, CAFE, STEERING, PREPARATION)

# --- the discussions ----------------------------------------------------------------------------------------
# Who writes: "" someone of the group, "author" the one who opened the thread, "team" the centre's team,
# "member" the README member, "moderator" a moderator of the group other than the team, "helper" the person
# who answers the README member's question, "spammer" the one the moderation suspended once.


@dataclass(frozen=True)
class Reply:
    text: str
    by: str = ""
    mention: str = ""  # "author", "member" or "previous" (who wrote the post before)
    edited: bool = False
    deleted: bool = False
    hidden: bool = False  # hidden by the moderation after a report (the report is handled)
    report: str = ""  # an open report about the post, with this reason
    dismissed: str = ""  # a report the moderation dismissed, with its reason
    hours_ago: float | None = None


@dataclass(frozen=True)
class ThreadSpec:
    group: str  # a group's slug; a district's AGS for its regional group; "member-region"
    title: str
    body: str  # HTML
    replies: tuple[Reply | str, ...]
    days: float  # how long ago it was opened
    by: str = ""
    lang: str = "de"
    pinned: bool = False
    edited: bool = False


THREADS = (
    # Fördermittel
    ThreadSpec(
        "foerdermittel", "Willkommen: So funktioniert diese Gruppe",
        "<p>Herzlich willkommen in der Themengruppe <strong>Fördermittel</strong>! Hier tauschen sich Vereine über "
        "Förderprogramme, Fristen, Anträge und Verwendungsnachweise aus.</p><ul><li>Bitte ein Thema pro "
        "Diskussion.</li><li>Keine Zahlen oder Namen aus fremden Anträgen teilen.</li><li>Fragen zu einer "
        "persönlichen Beratung gern direkt an das Team des Kompetenzzentrums.</li></ul><p>Wichtige Frist: Anträge "
        "für Mikroprojekte im Landesprogramm WIR für das kommende Jahr bis zum 31. Dezember.</p>",
        ("Danke für die Übersicht!",
         "Gibt es die Regeln auch auf Türkisch? Einige in unserem Vorstand lesen lieber Türkisch.",
         Reply("Gute Idee, wir kümmern uns um eine Übersetzung.", by="team")),
        days=380, by="team", pinned=True,
    ),
    ThreadSpec(
        "foerdermittel", "Verwendungsnachweis für unser Mikroprojekt – wer hat Erfahrung?",
        "<p>Wir haben dieses Jahr zum ersten Mal ein Mikroprojekt im Landesprogramm WIR gefördert bekommen (ein "
        "Sprachcafé für Mütter). Jetzt steht der Verwendungsnachweis an. Was gehört in den Sachbericht, und reichen "
        "Kopien der Kassenbelege?</p>",
        (Reply("Der Sachbericht muss nicht lang sein: was ihr geplant hattet, was stattgefunden hat, wie viele "
               "Menschen teilgenommen haben. Fotos (mit Einwilligung) sind gern gesehen.", hours_ago=190),
         Reply("Kopien reichten bei uns. Die Originale müsst ihr aber aufbewahren, meistens fünf Jahre.",
               hours_ago=170),
         Reply("Danke euch! Und wie genau muss die Liste der Teilnehmenden sein?", by="author", hours_ago=150),
         Reply("Bei uns reichte eine Strichliste pro Termin, Namen brauchten wir nicht.", hours_ago=100),
         Reply("{mention} Wenn du magst, schicke ich dir unseren Bericht vom letzten Jahr als Beispiel.",
               by="helper", mention="author", hours_ago=30),
         Reply("Achtung bei Honoraren: Da wollte unser Förderer zusätzlich die Honorarverträge sehen.",
               hours_ago=9, edited=True),
         Reply("Das WIR-Vielfaltszentrum in unserem Kreis bietet im Dezember eine Sprechstunde genau dazu an.",
               hours_ago=3)),
        days=9, by="member",
    ),
    ThreadSpec(
        "foerdermittel", "Frist 31. Dezember: Wer stellt dieses Jahr einen Antrag?",
        "<p>Die Frist für die Mikroprojekte rückt näher. Wer von euch stellt einen Antrag, und wollen wir uns vorher "
        "einmal online zusammensetzen und gegenseitig die Finanzierungspläne anschauen?</p>",
        ("Wir sind dabei! Unser Projekt: Hausaufgabenhilfe mit Eltern-Nachmittagen.",
         "Wir auch, zum ersten Mal: ein Schwimmkurs für Mädchen.",
         "Gern, am besten an einem Abend unter der Woche.",
         "Wichtig: Der Finanzierungsplan muss ausgeglichen sein, Einnahmen gleich Ausgaben. Daran ist unser erster "
         "Antrag gescheitert.",
         "Müssen wir die Honorarkräfte schon namentlich angeben, oder reicht der Betrag?",
         "Bei uns hat der Betrag gereicht, die Namen wollte der Förderer erst im Verwendungsnachweis sehen.",
         Reply("Das steht doch alles im Merkblatt. Lest das doch einfach mal, statt hier ständig dieselben Fragen "
               "zu stellen.", report="Unfreundlich gegenüber Vereinen, die zum ersten Mal einen Antrag stellen."),
         Reply("Nicht alle haben schon Erfahrung mit Anträgen – genau dafür ist diese Gruppe da. Ich schlage "
               "Donnerstag, 19 Uhr, vor.", by="author"),
         "Donnerstag passt uns gut.",
         "Wir sind dabei. Bringt alle eure Entwürfe mit!",
         Reply("Wir kommen gern dazu und beantworten Fragen zur Förderrichtlinie. Den Link schicken wir rechtzeitig "
               "hier in die Diskussion.", by="team")),
        days=16,
    ),
    ThreadSpec(
        "foerdermittel", "Eigenanteil durch ehrenamtliche Arbeit – wird das anerkannt?",
        "<p>Unser Verein hat kaum Geld auf dem Konto. Kann der Eigenanteil auch aus ehrenamtlichen Stunden bestehen, "
        "und wie weist man die nach?</p>",
        ("Bei manchen Programmen ja: Dann werden die Stunden mit einem festen Satz bewertet. Steht in der "
         "Förderrichtlinie unter „unbare Eigenleistungen“.",
         "Wir führen dafür eine einfache Stundenliste, die alle Ehrenamtlichen unterschreiben.",
         "Fragt am besten vorher beim Förderer nach, nicht jeder akzeptiert das.",
         Reply("Danke, das war genau die Info, die uns gefehlt hat.", by="author")),
        days=48,
    ),
    ThreadSpec(
        "foerdermittel", "Proje başvurusu için Türkçe destek var mı?",
        "<p>Merhaba, derneğimiz ilk kez bir mikroproje başvurusu yapmak istiyor. Başvuru formunu birlikte "
        "doldurabileceğimiz, Türkçe konuşan biri var mı? Şimdiden teşekkürler!</p>",
        ("Merhaba! Kompetenzzentrum’un danışmanlarından biri Türkçe konuşuyor, ekibe doğrudan mesaj atabilirsiniz.",
         "Biz geçen yıl başvurduk, isterseniz deneyimlerimizi paylaşabiliriz.",
         Reply("Çok teşekkürler, size hemen mesaj yazıyorum.", by="author"),
         Reply("Kurzer Hinweis auf Deutsch: Die Beratung des Kompetenzzentrums gibt es auch auf Türkisch – Termine "
               "über das Kontaktformular oder eine Nachricht an das Team.", by="team")),
        days=27, lang="tr",
    ),
    ThreadSpec(
        "foerdermittel", "Spenden: Dürfen wir Zuwendungsbestätigungen ausstellen?",
        "<p>Ein Unternehmen aus unserem Ort möchte unserem Verein 500 Euro spenden und fragt nach einer "
        "Spendenquittung. Dürfen wir die ausstellen?</p>",
        ("Nur wenn euer Verein vom Finanzamt als gemeinnützig anerkannt ist und der Freistellungsbescheid aktuell "
         "ist.",
         "Das Muster für die Zuwendungsbestätigung gibt es beim Bundesfinanzministerium, das solltet ihr genau so "
         "verwenden.",
         Reply("Wir sind gemeinnützig, der Bescheid ist von letztem Jahr. Dann passt das, danke!", by="author")),
        days=75, edited=True,
    ),
    # Öffentlichkeitsarbeit
    ThreadSpec(
        "oeffentlichkeitsarbeit", "Sammlung: Vorlagen und Tipps für die Pressearbeit",
        "<p>Hier sammeln wir, was sich bewährt hat. Ergänzungen bitte als Antwort.</p><ul><li>Pressemitteilung: "
        "höchstens eine Seite, das Wichtigste in den ersten Satz.</li><li>Ein gutes Foto im Querformat, mit "
        "Einwilligung aller, die zu sehen sind.</li><li>Ansprechperson mit Telefonnummer angeben.</li></ul>",
        ("Ergänzung: Lokalredaktionen freuen sich über Termine zwei Wochen vorher, nicht erst am Vortag.",
         "Und danach kurz nachfassen, ob jemand kommt – das hat bei uns oft geholfen.",
         "Habt ihr eine Vorlage für die Einwilligung zu Fotos in mehreren Sprachen?",
         Reply("Ja, die liegt unter „Dateien“ in dieser Gruppe (Deutsch, Türkisch, Arabisch, Ukrainisch).",
               by="team")),
        days=360, by="team", pinned=True,
    ),
    ThreadSpec(
        "oeffentlichkeitsarbeit", "Fotos von Kindern beim Vereinsfest – was ist erlaubt?",
        "<p>Bei unserem Sommerfest wurden viele Fotos gemacht, auch von Kindern. Dürfen wir die auf Instagram "
        "zeigen, wenn die Eltern mündlich zugestimmt haben?</p>",
        ("Besser schriftlich. Bei Kindern müssen die Eltern zustimmen, und die Einwilligung kann jederzeit "
         "widerrufen werden.",
         "Wir fotografieren Kinder nur noch von hinten oder so, dass man sie nicht erkennt.",
         "Beim Einlass ein Hinweisschild und ein Bändchen für alle, die nicht fotografiert werden wollen – das "
         "klappt bei uns gut.",
         Reply("Gute Ideen, danke! Das mit dem Bändchen machen wir nächstes Jahr.", by="author"),
         "Die Landesbeauftragte für Datenschutz hat dazu ein verständliches Merkblatt.",
         "Bei uns unterschreiben die Eltern das gleich mit der Anmeldung zum Fest."),
        days=95,
    ),
    ThreadSpec(
        "oeffentlichkeitsarbeit", "Instagram oder WhatsApp-Kanal?",
        "<p>Wir haben nur wenig Zeit für Social Media. Lohnt sich eher ein Instagram-Konto oder ein WhatsApp-Kanal, "
        "um unsere Mitglieder und die Nachbarschaft zu erreichen?</p>",
        ("Für die eigenen Mitglieder ist WhatsApp unschlagbar, da sind sowieso alle.",
         Reply("Günstige Follower kaufen! 10.000 Follower für nur 19 Euro – schreibt mir privat.", by="spammer",
               hidden=True),
         "Denkt an die Telefonnummern: In einem Kanal sehen die anderen sie nicht, in einer Gruppe schon.",
         "Instagram lohnt sich, wenn ihr regelmäßig Fotos habt. Zweimal im Monat reicht.",
         "Wir posten einmal pro Woche ein Foto von unseren Angeboten, das dauert zehn Minuten.",
         "Auch die Lokalzeitung schaut bei uns öfter auf Instagram vorbei.",
         Reply("Danke! Wir starten mit einem WhatsApp-Kanal und schauen dann weiter.", by="author")),
        days=31,
    ),
    ThreadSpec(
        "oeffentlichkeitsarbeit", "Как вы находите контакты с местной прессой?",
        "<p>Здравствуйте! Наш клуб хочет рассказать в местной газете о летнем фестивале. Как вы обычно "
        "связываетесь с редакцией – по электронной почте или лично?</p>",
        ("Лучше всего лично: позвоните в редакцию и спросите, кто пишет о вашем районе.",
         "Короткий пресс-релиз на одну страницу и хорошая фотография – обычно этого достаточно.",
         Reply("Ergänzung auf Deutsch: Viele Lokalredaktionen haben eine eigene E-Mail-Adresse für "
               "Vereinsnachrichten – ein Blick ins Impressum lohnt sich."),
         Reply("Спасибо большое, попробуем!", by="author")),
        days=58, lang="ru",
    ),
    # Jugendarbeit
    ThreadSpec(
        "jugendarbeit", "Willkommen – und der nächste Online-Austausch",
        "<p>Willkommen in der Gruppe <strong>Jugendarbeit</strong>! Einmal im Quartal treffen wir uns online, um "
        "Projekte vorzustellen. Themenwünsche für das nächste Treffen gern hier als Antwort.</p>",
        ("Wunsch: Jugendliche als Übungsleiterinnen und Übungsleiter – wie finanziert man die Lizenz?",
         "Wunsch: Wie kommen wir an Schulen heran, ohne dass es nach Werbung aussieht?",
         Reply("Danke, beides kommt auf die Liste!", by="team")),
        days=350, by="team", pinned=True,
    ),
    ThreadSpec(
        "jugendarbeit", "Jugendliche im Vorstand – wie klappt das bei euch?",
        "<p>In unserer Satzung gibt es seit letztem Jahr einen Jugendsitz im Vorstand. Bisher hat sich niemand "
        "gemeldet. Was hat bei euch funktioniert?</p>",
        ("Bei uns hat es erst geklappt, als die Jugendlichen ein eigenes Budget bekommen haben.",
         "Kurze Sitzungen, nicht unter der Woche um 20 Uhr – das schreckt junge Leute ab.",
         "Wir haben zwei Jugendliche gemeinsam gewählt, dann ist keiner allein unter Erwachsenen.",
         "Wir haben eine Jugendversammlung, die ihre Vertretung im Vorstand selbst wählt.",
         Reply("Das mit dem eigenen Budget finde ich stark. Wie viel war das?", by="author"),
         "Am Anfang 500 Euro im Jahr, inzwischen mehr, weil sie selbst Mittel eingeworben haben.",
         "Fragt die Jugendlichen direkt, welche Aufgaben sie reizen – bei uns war es die Social-Media-Arbeit."),
        days=40,
    ),
    ThreadSpec(
        "jugendarbeit", "Gençlerle yaz kampı – deneyimi olan var mı?",
        "<p>Gelecek yaz 14–17 yaş arası gençlerle üç günlük bir kamp planlıyoruz. Sigorta ve veli izni konusunda "
        "deneyimi olan dernekler var mı?</p>",
        ("Biz geçen yıl Vogelsberg’de bir kamp düzenledik. Veli izin formumuzu paylaşabilirim.",
         "Sigorta için spor kulüpleri Landessportbund’a da sorabilir, uygun paketleri var.",
         Reply("Harika, çok teşekkür ederim! Formu mesajla gönderebilir misiniz?", by="author"),
         Reply("{mention} Tabii, bu akşam gönderiyorum.", mention="author")),
        days=22, lang="tr",
    ),
    ThreadSpec(
        "jugendarbeit", "Hausaufgabenhilfe: Wer kennt gute Materialien?",
        "<p>Unsere Hausaufgabenhilfe wächst, wir haben inzwischen 25 Kinder aus fünf Klassenstufen. Kennt jemand "
        "gute (kostenlose) Materialien für Deutsch als Zweitsprache?</p>",
        ("Die Stadtbibliothek leiht bei uns ganze Kisten mit Lernmaterial an Vereine aus.",
         "Für die Grundschule arbeiten wir mit Bildkarten, die haben wir selbst laminiert.",
         "Frag mal bei der Volkshochschule, die hatten ausrangierte DaZ-Bücher.",
         Reply("Super Tipps, danke euch allen!", by="author")),
        days=66,
    ),
    # Elternarbeit
    ThreadSpec(
        "elternarbeit", "Willkommen: Material und Termine",
        "<p>Willkommen in der Gruppe <strong>Elternarbeit</strong>! Unter „Dateien“ findet ihr Einladungen zu "
        "Elternabenden in mehreren Sprachen. Erzählt gern, was bei euch gut funktioniert.</p>",
        ("Danke! Die Einladungen haben wir schon zweimal genutzt.",
         Reply("Freut uns! Wer neue Übersetzungen hat, lädt sie bitte hoch.", by="team")),
        days=340, by="team", pinned=True,
    ),
    ThreadSpec(
        "elternarbeit", "كيف نشجع الأهالي على حضور اجتماعات المدرسة؟",
        "<p>مرحباً بالجميع، كثير من الأهالي في جمعيتنا لا يحضرون اجتماعات أولياء الأمور في المدرسة بسبب اللغة. "
        "هل لديكم تجارب مع مترجمين متطوعين أو لقاءات تحضيرية قبل الاجتماع؟</p>",
        ("نحن ننظم لقاءً قصيراً في الجمعية قبل كل اجتماع ونشرح فيه جدول الأعمال. ساعدنا ذلك كثيراً.",
         Reply("عندنا متطوعتان تترجمان في المدرسة، والمدرسة سعيدة جداً بهذا التعاون.",
               dismissed="Ich verstehe den Beitrag nicht, bitte nur auf Deutsch schreiben."),
         "Das Elterncafé an unserer Grundschule macht genau das – gern tauschen wir uns aus!",
         Reply("شكراً جزيلاً، فكرة اللقاء التحضيري ممتازة.", by="author")),
        days=34, lang="ar",
    ),
    ThreadSpec(
        "elternarbeit", "Elterncafé an Grundschulen – wie finanziert ihr das?",
        "<p>Wir möchten an zwei Grundschulen ein Elterncafé anbieten, einmal im Monat mit Gästen aus der Beratung. "
        "Wie finanzieren andere Vereine Kaffee, Kuchen und Kinderbetreuung?</p>",
        ("Bei uns übernimmt der Förderverein der Schule die Kosten für Getränke.",
         Reply("Wir haben das als Mikroprojekt beantragt, inklusive Honorar für die Kinderbetreuung.", by="member"),
         "Fragt auch beim Präventionsrat der Stadt, die hatten dafür kleine Budgets.",
         Reply("{mention} Darf ich fragen, wie hoch das Honorar war?", by="author", mention="previous"),
         Reply("15 Euro pro Stunde, das war für den Förderer in Ordnung.", by="member"),
         "Wir kochen abwechselnd, das kostet fast nichts und verbindet."),
        days=20,
    ),
    ThreadSpec(
        "elternarbeit", "Informationsabend zum Schulsystem in mehreren Sprachen",
        "<p>Im Februar machen wir einen Informationsabend zum Übergang von der Grundschule auf die weiterführende "
        "Schule. Wir suchen noch Menschen, die auf Farsi und Tigrinya verdolmetschen können.</p>",
        ("Für Farsi kann ich fragen, eine Kollegin hat das schon öfter gemacht.",
         "Tigrinya ist schwer zu finden – frag mal beim Freiwilligenzentrum.",
         Reply("Danke, ich habe beim Freiwilligenzentrum angefragt.", by="author", edited=True)),
        days=12,
    ),
    # Ehrenamt & WIR-Lotsen
    ThreadSpec(
        "ehrenamt-wir-lotsen", "Basisqualifizierung für WIR-Lotsinnen und -Lotsen: Termine im neuen Jahr",
        "<p>Die Träger der WIR-Integrationslotsinnen und -lotsen bieten im neuen Jahr wieder die "
        "Basisqualifizierung an. Die Termine in euren Kreisen sammeln wir hier.</p><p>Bitte nennt Ort, Datum und "
        "Ansprechperson.</p>",
        ("Gießen: ab Februar, dienstags abends, sechs Termine.",
         "Fulda: zwei Samstage im März.",
         "Kassel: Termine folgen, die Anmeldung läuft über das Freiwilligenzentrum.",
         Reply("Danke, wir halten die Liste oben aktuell.", by="team")),
        days=330, by="team", pinned=True,
    ),
    ThreadSpec(
        "ehrenamt-wir-lotsen", "همراهی مراجعان به اداره اتباع خارجی – تجربه‌های شما؟",
        "<p>سلام به همه! من به‌تازگی دوره پایه راهنمایان WIR را تمام کرده‌ام. هفته آینده برای اولین بار یک خانواده "
        "را به اداره اتباع خارجی همراهی می‌کنم. چه نکاتی برای آمادگی دارید؟</p>",
        ("سلام! حتماً همه مدارک را از قبل کپی کنید و یک پوشه مرتب همراه داشته باشید.",
         "زودتر نوبت بگیرید و اگر ممکن است، ترجمه مدارک مهم را هم همراه ببرید.",
         Reply("Willkommen im Team! Tipp: Vorher kurz mit der Koordinatorin im Freiwilligenzentrum sprechen, sie "
               "kennt die Ansprechpersonen in der Behörde."),
         Reply("خیلی ممنون، خیلی کمک کرد!", by="author")),
        days=18, lang="fa",
    ),
    ThreadSpec(
        "ehrenamt-wir-lotsen", "Wie halten wir Ehrenamtliche langfristig?",
        "<p>Viele fangen motiviert an und sind nach ein paar Monaten weg. Was tut ihr, damit Ehrenamtliche "
        "dabeibleiben?</p>",
        ("Danke sagen, und zwar öffentlich: Bei uns gibt es einmal im Jahr ein Fest nur für die Ehrenamtlichen.",
         "Klare, kleine Aufgaben statt „hilf mal überall mit“.",
         "Eine feste Ansprechperson, die sich um die Ehrenamtlichen kümmert und nachfragt.",
         "Fortbildungen! Wer etwas lernt, bleibt länger.",
         "Wir machen nach jedem Einsatz ein kurzes Gespräch: Was lief gut, was war schwer?",
         Reply("Ehrlich gesagt: Wer seine Leute nicht halten kann, macht halt etwas falsch. Bei uns gibt es "
               "solche Probleme nicht.", report="Herablassender Ton gegenüber anderen Vereinen."),
         "Die Ehrenamtskarte hilft auch, viele wissen gar nicht, dass es sie gibt.",
         "Bei uns hilft die Erstattung der Fahrtkosten, gerade für Studierende.",
         "Man darf auch akzeptieren, dass Menschen nur eine Zeit lang dabei sind. Das ist in Ordnung.",
         "Das Freiwilligenzentrum bietet Supervision für Ehrenamtliche an, die kann ich empfehlen.",
         Reply("Genau diese Frage hatten wir letzte Woche in der Vorstandssitzung. Danke für die vielen Ideen!",
               by="author"),
         Reply("Im Frühjahr gibt es eine Schulung zum Ehrenamtsmanagement, die Termine stehen bald im "
               "Veranstaltungskalender.", by="team")),
        days=26,
    ),
    ThreadSpec(
        "ehrenamt-wir-lotsen", "Ehrenamtspauschale und Aufwandsentschädigung",
        "<p>Wir möchten unseren Lotsinnen eine kleine Aufwandsentschädigung zahlen. Was müssen wir beachten?</p>",
        ("Die Ehrenamtspauschale ist bis zu einem Jahresbetrag steuerfrei, wenn der Verein gemeinnützig ist.",
         Reply("", deleted=True),
         "Wichtig: Fahrtkosten lassen sich zusätzlich erstatten, wenn ihr sie belegt.",
         Reply("Danke, das klärt einiges.", by="author")),
        days=62,
    ),
    # Frauen in Vereinsvorständen (on request)
    ThreadSpec(
        "frauen-in-vereinsvorstaenden", "Mentoring-Tandems: Wer macht mit?",
        "<p>Wir möchten Tandems bilden: eine erfahrene Vorsitzende und eine Frau, die sich den Schritt in den "
        "Vorstand überlegt. Wer hat Lust, Mentorin oder Mentee zu sein?</p>",
        ("Ich wäre gern Mentee, ich bin seit einem Jahr Kassiererin und überlege, zu kandidieren.",
         "Ich mache gern als Mentorin mit, ich leite unseren Verein seit acht Jahren.",
         Reply("Wie oft würden sich die Tandems treffen?", by="member"),
         Reply("Einmal im Monat, gern auch online. Wir starten im Januar.", by="author"),
         "Ich bin auch dabei!"),
        days=15,
    ),
    ThreadSpec(
        "frauen-in-vereinsvorstaenden", "Sitzungen mit Kinderbetreuung – eure Erfahrungen",
        "<p>Unsere Vorstandssitzungen sind abends, für Mütter kaum machbar. Wie macht ihr das?</p>",
        ("Wir tagen samstags vormittags, zwei Jugendliche aus dem Verein betreuen die Kinder.",
         "Online-Sitzungen nach 21 Uhr, wenn die Kinder schlafen – nicht ideal, aber es geht.",
         Reply("Samstags vormittags ist eine gute Idee, das schlage ich vor.", by="author")),
        days=70,
    ),
    # Vernetzungscafé (public)
    ThreadSpec(
        "vernetzungscafe", "So läuft das Vernetzungscafé",
        "<p>Einmal im Monat treffen wir uns für anderthalb Stunden online: Zwei Vereine stellen sich vor, wir teilen "
        "Neuigkeiten zu Förderprogrammen und Fristen, danach geht es in kleinen Gruppen weiter. Die Termine stehen "
        "in dieser Gruppe unter „Veranstaltungen“; den Zugangslink seht ihr nach der Anmeldung.</p>",
        ("Wie kann sich unser Verein für eine Vorstellung melden?",
         Reply("Einfach hier antworten oder dem Team schreiben – wir planen immer zwei Monate im Voraus.",
               by="team")),
        days=370, by="team", pinned=True,
    ),
    ThreadSpec(
        "vernetzungscafe", "Hello from a new parents’ association",
        "<p>Hi everyone! We are a small group of parents from different countries and have just founded "
        "our association. We are still learning German, so we write in English for now. We would love to join the "
        "next networking café and meet others who started recently.</p>",
        ("Welcome! Feel free to write in English here, many of us do.",
         "Herzlich willkommen! Beim nächsten Vernetzungscafé stellen sich zwei Vereine vor – vielleicht habt ihr "
         "beim übernächsten Lust?",
         Reply("Thank you, that sounds great! We have registered for the next one.", by="author")),
        days=11, lang="en",
    ),
    ThreadSpec(
        "vernetzungscafe", "Rückblick auf das letzte Vernetzungscafé",
        "<p>Danke an alle, die dabei waren! Vorgestellt haben sich ein Kulturverein und ein Elternnetzwerk. Die "
        "Folien der beiden findet ihr unter „Dateien“.</p>",
        ("Danke, es war sehr inspirierend!",
         "Die Kleingruppen waren diesmal besonders gut, gern wieder so.",
         "Können wir beim nächsten Mal über Räume für Vereine sprechen?"),
        days=23, by="team",
    ),
    # Working groups (closed, invitation only)
    ThreadSpec(
        "steuerungsgruppe-dachverband", "Protokoll der letzten Sitzung und nächste Schritte",
        "<p>Das Protokoll der letzten Sitzung liegt unter „Dateien“. Die nächsten Schritte:</p><ol><li>Kommentare "
        "zum Satzungsentwurf bis Monatsende</li><li>Vorschläge für den Namen sammeln</li><li>Ort für die "
        "Gründungsversammlung suchen</li></ol>",
        ("Danke für das Protokoll! Ich kümmere mich um Angebote für Räume in Frankfurt.",
         Reply("{mention} Danke! Fragst du bitte auch, ob es dort einen Raum für die Kinderbetreuung gibt?",
               by="team", mention="previous"),
         "In Kassel könnten wir das Bürgerhaus bekommen, das ist barrierefrei.",
         "Für Mittelhessen: Gießen wäre gut erreichbar für alle.",
         Reply("Danke! Wir entscheiden in der nächsten Sitzung.", by="team")),
        days=21, by="team",
    ),
    ThreadSpec(
        "steuerungsgruppe-dachverband", "Entwurf der Satzung – Kommentare bis Ende des Monats",
        "<p>Der Entwurf der Satzung ist fertig. Besonders wichtig: Wer kann Mitglied werden (nur eingetragene "
        "Vereine oder auch Initiativen?), und wie werden die Regionen im Vorstand vertreten?</p>",
        ("Unbedingt auch Initiativen – viele kleine Gruppen sind kein e.V.",
         "Vorschlag: je Region eine Person im erweiterten Vorstand.",
         "Wir sollten eine Frauenquote im Vorstand festschreiben.",
         "Die Beiträge müssen niedrig sein, sonst können kleine Vereine nicht mitmachen.",
         "Einverstanden mit allem oben. Ich schicke noch Formulierungen zur Gemeinnützigkeit.",
         Reply("Danke, ich arbeite alles bis zur nächsten Sitzung ein.", by="author")),
        days=44,
    ),
    ThreadSpec(
        "steuerungsgruppe-dachverband", "Name für den Dachverband – Vorschläge",
        "<p>Bitte sammelt hier eure Vorschläge für den Namen. Er sollte auf Deutsch gut funktionieren und "
        "zeigen, dass wir ganz Hessen vertreten.</p>",
        ("„Dachverband der Migrantenorganisationen in Hessen“ – schlicht und klar.",
         "„Vielfalt Hessen – Verband der Migrantenorganisationen“",
         Reply("Ich finde den ersten Vorschlag gut, die Abkürzung ist aber lang.", edited=True),
         "Wir könnten in der Gründungsversammlung abstimmen lassen."),
        days=36,
    ),
    ThreadSpec(
        "ag-vernetzungstreffen", "Workshopthemen für das Vernetzungstreffen",
        "<p>Aus den Rückmeldungen des letzten Treffens: Fördermittel, Vereinsstrukturen, Öffentlichkeitsarbeit und "
        "Nachwuchs. Welche vier Workshops bieten wir an?</p>",
        ("Fördermittel unbedingt wieder, der Workshop war zweimal voll.",
         "Ich wünsche mir einen Workshop zu Rassismus und Diskriminierung im Vereinsalltag.",
         "Digitale Werkzeuge kamen letztes Mal zu kurz.",
         Reply("Danke! Vorschlag: Fördermittel, Vereinsstrukturen, Antidiskriminierung und digitale Werkzeuge.",
               by="team")),
        days=60, by="team",
    ),
    ThreadSpec(
        "ag-vernetzungstreffen", "Verdolmetschung und Kinderbetreuung organisieren",
        "<p>Wie im letzten Jahr bieten wir Verdolmetschung ins Arabische, Persische und Türkische an. Für die "
        "Kinderbetreuung suchen wir noch zwei Personen mit Erfahrung.</p>",
        ("Ich frage in unserem Elternverein, da gibt es zwei Erzieherinnen.",
         "Können wir dieses Jahr auch Ukrainisch anbieten? Es kommen sicher wieder Vereine aus Kassel.",
         Reply("Gute Idee, wir fragen beim Dolmetscherpool an.", by="team")),
        days=19, by="team",
    ),
    # Regional groups
    ThreadSpec(
        "06412", "Шукаємо приміщення для суботньої школи",
        "<p>Добрий день! Наша українська суботня школа шукає приміщення у Франкфурті – дві кімнати щосуботи з 10 до "
        "13 години. Може, хтось знає школу чи громадський центр, де можна орендувати недорого?</p>",
        ("Спробуйте запитати в Saalbau – у них є кімнати для громадських організацій.",
         Reply("Wir teilen uns Räume mit einem Jugendzentrum in Bockenheim – ich frage dort gern nach, ob samstags "
               "etwas frei ist."),
         Reply("Дуже дякуємо! Будемо вдячні за будь-яку інформацію.", by="author"),
         "Auch das Stadtteilbüro kann helfen, die haben eine Liste mit Räumen für Vereine."),
        days=14, lang="uk",
    ),
    ThreadSpec(
        "06412", "Stadtteilfest im Sommer – wer macht mit?",
        "<p>Das Stadtteilfest im Juni sucht wieder Vereine mit Ständen, Musik und Essen. Wer ist dabei? Wir könnten "
        "gemeinsam einen großen Stand der Migrantenorganisationen machen.</p>",
        ("Wir sind dabei und bringen unsere Tanzgruppe mit!",
         "Wir können Zelte und Bänke stellen.",
         Reply("Biete Nachhilfe in Mathe und Deutsch, 25 Euro die Stunde. Bei Interesse einfach Nachricht "
               "schreiben!", report="Private bezahlte Nachhilfe – das ist Werbung und gehört nicht hierher."),
         "Gemeinsamer Stand klingt super. Wer meldet uns beim Veranstalter an?",
         Reply("Das mache ich, bitte schickt mir bis Ende Januar eure Wünsche.", by="author")),
        days=8,
    ),
    ThreadSpec(
        "06611", "Nach dem Regionaltreffen: Raumbörse für Vereine",
        "<p>Beim Regionaltreffen Nordhessen haben wir über eine Raumbörse gesprochen. Ich mache den Anfang: Wer hat "
        "Räume, die er teilen kann, und wer sucht?</p>",
        ("Unser Vereinsheim ist dienstags und donnerstags frei.",
         Reply("{mention} Dienstag wäre für unseren Nähkurs ideal, ich schreibe dir.", mention="previous"),
         "Wir suchen einen Raum für Tanzproben am Wochenende.",
         "Im Stadtteilzentrum Nordstadt gibt es auch noch freie Zeiten.",
         Reply("Danke! Ich trage alles in eine Liste ein und lade sie unter „Dateien“ hoch.", by="author")),
        days=52, by="moderator",
    ),
    ThreadSpec(
        "06531", "Sprachcafé sucht Verstärkung",
        "<p>Unser Sprachcafé in der Innenstadt wächst: Jeden Mittwoch kommen 30 Menschen. Wir suchen noch zwei, drei "
        "Ehrenamtliche, die mit Deutschlernenden ins Gespräch kommen möchten.</p>",
        ("Ich kann ab Januar mittwochs!",
         "Ich frage bei uns im Verein, einige Studierende hätten sicher Lust.",
         Reply("Wunderbar, ich melde mich per Nachricht.", by="author")),
        days=10,
    ),
    ThreadSpec(
        "06411", "Runder Tisch mit der Stadtverwaltung – Themen sammeln",
        "<p>Im Januar lädt die Stadt die Migrantenorganisationen zum Runden Tisch ein. Welche Themen sollen wir auf "
        "die Tagesordnung setzen?</p>",
        ("Räume! Viele Vereine finden nichts Bezahlbares.",
         "Eine feste Ansprechperson im Rathaus für Vereinsfragen.",
         "Mehrsprachige Informationen der Stadt, vor allem zu Kita-Plätzen.",
         "Bessere Sichtbarkeit unserer Angebote auf der Website der Stadt.",
         Reply("Danke, ich nehme alle vier Punkte mit. Die Einladung kommt in den nächsten Tagen.", by="author"),
         "Super, danke für die Vorbereitung!"),
        days=17, by="moderator",
    ),
    ThreadSpec(
        "06413", "Bahar şenliği için ortak stant",
        "<p>Merhaba komşular! Bahar şenliğinde dernekler olarak ortak bir stant açmaya ne dersiniz? Masraflar "
        "bölüşülürse herkes için daha kolay olur.</p>",
        ("Çok güzel fikir, biz varız!",
         "Tolle Idee! Wir würden Kuchen und eine Kinderecke beisteuern.",
         "Stant için belediyeye başvuruyu kim yapacak? Ben yardımcı olabilirim."),
        days=29, lang="tr",
    ),
    ThreadSpec(
        "06534", "Regionaltreffen Mittelhessen: Fahrgemeinschaften",
        "<p>Zum Regionaltreffen in Marburg fahren einige aus dem Landkreis. Wer hat Plätze im Auto frei, wer sucht "
        "eine Mitfahrgelegenheit?</p>",
        ("Ich fahre aus Biedenkopf und habe drei Plätze frei.",
         "Ich suche eine Mitfahrgelegenheit ab Stadtallendorf.",
         "Ich fahre über Kirchhain und nehme gern jemanden mit.",
         Reply("Super, dann schreibt euch direkt an.", by="author")),
        days=6,
    ),
    ThreadSpec(
        "06631", "Neu hier: Vorstellung unseres Vereins",
        "<p>Hallo zusammen! Wir sind ein junger Verein aus Fulda und bieten Deutschkurse für Anfängerinnen und ein "
        "Frauenfrühstück an. Wir freuen uns auf Austausch mit anderen Vereinen aus der Region.</p>",
        ("Herzlich willkommen! Kommt gern zum Regionaltreffen Osthessen.",
         "Willkommen! Wir machen auch ein Frauenfrühstück – vielleicht mal gemeinsam?"),
        days=24,
    ),
    ThreadSpec(
        "06414", "Infoabend zur Wahl des Ausländerbeirats",
        "<p>Im Frühjahr wird der Ausländerbeirat gewählt. Wir planen einen mehrsprachigen Infoabend: Wer darf "
        "wählen, wie kandidiert man? Welche Vereine machen mit?</p>",
        ("Wir sind dabei und können auf Arabisch informieren.",
         "Bitte auch die Briefwahl erklären, das kennen viele nicht.",
         Reply("Gute Punkte, ich nehme sie auf.", by="author")),
        days=13,
    ),
    ThreadSpec(
        "member-region", "Vereine im ländlichen Raum: Wie erreichen wir die Dörfer?",
        "<p>Unsere Angebote sind in der Kreisstadt, aber viele Familien wohnen in den Dörfern und haben kein Auto. "
        "Hat jemand Erfahrung mit Angeboten vor Ort oder mit Fahrdiensten?</p>",
        (Reply("Wir gehen mit dem Sprachcafé einmal im Monat in die Dorfgemeinschaftshäuser, das klappt gut.",
               by="member"),
         "Der Bürgerbus fährt bei uns auch für Vereinsfahrten, fragt mal bei der Gemeinde.",
         "Online-Angebote helfen, aber nicht allen – viele haben nur ein Handy.",
         Reply("Die Idee mit den Dorfgemeinschaftshäusern gefällt mir. Wie habt ihr die Räume bekommen?",
               by="author"),
         Reply("Über die Ortsvorsteherin, die Räume sind für Vereine kostenlos.", by="member")),
        days=30,
    ),
)  # fmt: skip

# --- direct messages ------------------------------------------------------------------------------------------
# Sides: "a" starts, "b" answers. People: "member", "team", "helper", "spammer", "office" (the integration
# office of the README member's district, an organisation), "host" (mitglied-10) and "host-office" (the municipal
# actor of mitglied-10's district), "org:<n>" (the organisation mitglied-<n> runs), "p<n>" (other people).


@dataclass(frozen=True)
class ConversationSpec:
    a: str
    b: str
    messages: tuple[tuple[str, str, float], ...]  # (side, text, hours ago)
    read_by: tuple[str, ...] = ("a", "b")  # who has read everything; the others read up to their own last message
    board: bool = False  # an answer to the README member's board entry
    report: str = ""  # an open report about the first message (by "b")


CONVERSATIONS = (
    ConversationSpec(
        "p1", "member",
        (("a", "Wir haben Ihren Eintrag gesehen. Unser Verein macht schon Computerkurse für Frauen und hätte große "
               "Lust auf eine Kooperation. Wann passt Ihnen ein Telefonat?", 5),),
        read_by=("a",), board=True,
    ),
    ConversationSpec(
        "helper", "member",
        (("a", "Hallo {b}, wie versprochen ein paar Hinweise zu unserem Sachbericht: eine Seite zu den Zielen, eine "
               "Seite dazu, was tatsächlich stattgefunden hat, und eine Tabelle mit Terminen und Teilnehmendenzahlen. "
               "Fotos nur mit schriftlicher Einwilligung. Viel Erfolg!", 28),
         ("b", "Vielen Dank, {a}! Das hilft uns sehr. Darf ich mich melden, wenn wir beim Finanzteil hängen?", 26),
         ("a", "Na klar, jederzeit. Am besten abends, tagsüber arbeite ich.", 20)),
        read_by=("a",),
    ),
    ConversationSpec(
        "member", "office",
        (("a", "Guten Tag, unser Verein möchte im Frühjahr ein interkulturelles Familienfest organisieren. Gibt es "
               "beim Kreis Zuschüsse für solche Feste, und bis wann müsste man sie beantragen?", 70),
         ("b", "Guten Tag, vielen Dank für Ihre Nachricht! Ja, wir fördern Feste und Begegnungsprojekte von Vereinen "
               "mit bis zu 1.000 Euro. Anträge bitte spätestens acht Wochen vor dem Fest. Das Formular schicke ich "
               "Ihnen gern; rufen Sie mich auch gern an.", 22)),
        read_by=("b",),
    ),
    ConversationSpec(
        "p2", "member",
        (("a", "Hallo {b}, fährst du auch zum Regionaltreffen? Ich hätte noch zwei Plätze im Auto.", 150),
         ("b", "Hallo {a}, gern! Ich stehe aber noch auf der Warteliste. Ich sage dir Bescheid, sobald ich einen "
               "Platz habe.", 146),
         ("a", "Kein Problem, sag einfach kurz Bescheid.", 145),
         ("b", "Mache ich, danke!", 140)),
    ),
    ConversationSpec(
        "spammer", "member",
        (("a", "Hallo! Möchten Sie die Reichweite Ihres Vereins verdoppeln? Ich biete 5.000 echte Follower für nur "
               "29 Euro. Schreiben Sie mir!", 35 * 24),),
    ),
    ConversationSpec(
        "member", "team",
        (("a", "Hallo, ich habe eine Frage zum Vernetzungstreffen: Kann ich meine Anmeldung noch ändern und eine "
               "Kollegin aus dem Vorstand mitbringen?", 12 * 24),
         ("b", "Hallo {a}, ja, das geht: Öffnen Sie unter „Meine Veranstaltungen“ Ihre Anmeldung und melden Sie Ihre "
               "Kollegin dazu an, solange Plätze frei sind. Viele Grüße aus dem Kompetenzzentrum!", 12 * 24 - 3),
         ("a", "Hat geklappt. Vielen Dank!", 11 * 24)),
    ),
    ConversationSpec(
        "p3", "org:10",
        (("a", "Guten Tag, wir sind ein Elternverein aus der Nachbarschaft und würden gern Ihren Raum für eine "
               "Infoveranstaltung nutzen. Wäre das an einem Samstag im Januar möglich?", 96),
         ("b", "Hallo, danke für die Anfrage! Samstags ist der Raum ab 14 Uhr frei. Schreiben Sie uns gern, welcher "
               "Samstag Ihnen passt.", 50),
         ("a", "Wunderbar, dann fragen wir für den zweiten Samstag im Januar an.", 30)),
        read_by=("a",),
    ),
    ConversationSpec(
        "p4", "org:11",
        (("a", "Hallo, ich möchte mich gern ehrenamtlich in Ihrem Verein engagieren, zum Beispiel bei der "
               "Hausaufgabenhilfe. An wen kann ich mich wenden?", 40),),
        read_by=("a",),
    ),
    ConversationSpec(
        "p5", "org:tr",
        (("a", "Merhaba, derneğinizin Türkçe okuma saatleri hakkında bilgi alabilir miyim? Kızım 8 yaşında.", 120),
         ("b", "Merhaba, okuma saatlerimiz her cumartesi saat 11:00’de. Kayıt gerekmiyor, doğrudan gelebilirsiniz!",
          100)),
    ),
    ConversationSpec(
        "host-office", "host",
        (("a", "Hallo {b}, danke, dass Ihr Verein das Regionaltreffen ausrichtet! Sollen wir aus dem Integrationsbüro "
               "etwas zu den Förderprogrammen vorstellen?", 200),
         ("b", "Sehr gern, zehn Minuten wären ideal. Dann bleibt genug Zeit für den Austausch.", 180),
         ("a", "Prima, ich bereite etwas vor und bringe Flyer mit.", 175)),
    ),
    ConversationSpec(
        "p6", "p7",
        (("a", "مرحباً {b}، هل ستشاركون في مقهى التشبيك يوم الأربعاء؟", 60),
         ("b", "نعم إن شاء الله! سنعرض مشروعنا الجديد للأطفال.", 58),
         ("a", "رائع، بالتوفيق!", 57)),
    ),
    ConversationSpec(
        "p8", "p9",
        (("a", "Привет, {b}! Не знаешь, где можно бесплатно распечатать флаеры для фестиваля?", 80),
         ("b", "Попробуй в Freiwilligenzentrum – у них есть принтер для клубов.", 75),
         ("a", "Спасибо, завтра им позвоню.", 74)),
    ),
    ConversationSpec(
        "p10", "p11",
        (("a", "Добрий день, {b}! Чи можна позичити у вас лавки для нашого різдвяного ярмарку?", 30),
         ("b", "Так, звісно! Можете забрати їх у п’ятницю після 16:00.", 6)),
        read_by=("b",),
    ),
    ConversationSpec(
        "spammer", "p12",
        (("a", "Vereinskasse leer? Mit meinem Finanzcoaching verdienen Vereine nebenbei 2.000 Euro im Monat. Einfach "
               "eine Vorauszahlung von 99 Euro überweisen, dann geht es los!", 47),),
        report="Werbung, und das sieht nach Betrug aus. Diese Person kenne ich nicht.",
    ),
    ConversationSpec(
        "p13", "p14",
        (("a", "سلام {b} جان، برای کلاس زبان مادری بچه‌ها یک معلم فارسی می‌شناسی؟", 130),
         ("b", "سلام! بله، یکی از اعضای انجمن ما معلم است. شماره‌اش را برایت می‌فرستم.", 128),
         ("a", "دستت درد نکنه!", 127)),
    ),
    ConversationSpec(
        "p15", "p16",
        (("a", "Hi {b}, thanks for your talk at the networking café! Could you share the slides?", 500),
         ("b", "Sure, I’ll send them tomorrow. Glad it was useful!", 490)),
    ),
)  # fmt: skip

# The language people write in, where it is not German (they are chosen among those who speak it).
CAST_LANGUAGES = {"p5": "tr", "org:tr": "tr", "p6": "ar", "p7": "ar", "p8": "ru", "p9": "ru", "p10": "uk", "p11": "uk",
             "p13": "fa", "p14": "fa", "p15": "en", "p16": "en"}  # fmt: skip
# The first names of women in the demo's name lists (accounts and events): the women's group is theirs.
WOMEN_FIRST_NAMES = {
    "Aylin", "Fatma", "Leyla", "Narges", "Olena", "Irina", "Agnieszka", "Ana", "Elif", "Sara", "Miriam", "Amina",
    "Zeynep", "Rania", "Katarzyna", "Lena", "Selin", "Hatice", "Nour", "Yasmin", "Shirin", "Mahsa", "Oksana",
    "Natalia", "Magdalena", "Ioana", "Eleni", "Giulia", "Grace", "Saba", "Hodan", "Jelena", "Arta", "Carmen", "Fatou",
    "Susanne", "Anja", "Rojda", "Zainab", "Nadia", "Gülay",
}  # fmt: skip

# --- the board ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardSpec:
    direction: str
    topic: str
    title: str
    body: str
    fields: tuple[str, ...] = ()
    expired: bool = False
    by: str = ""  # "member" for the README member's entry
    report: str = ""


SEEK, OFFER = BoardPost.Direction.SEEKING, BoardPost.Direction.OFFERING
T = BoardPost.Topic
BOARD = (
    BoardSpec(SEEK, T.PARTNER, "Kooperationspartner für Mikroprojekt „Mütter lernen digital“",
              "Wir planen für das kommende Jahr Computerkurse für Mütter (Smartphone, E-Mail, Online-Termine bei "
              "Behörden) und suchen einen Verein oder eine Einrichtung, die Räume mit WLAN oder Erfahrung mit "
              "Kursen mitbringt.", ("frauen", "bildung"), by="member"),
    BoardSpec(SEEK, T.ROOM, "Raum für Hausaufgabenhilfe am Nachmittag gesucht",
              "Montag bis Donnerstag, 14 bis 17 Uhr, für bis zu 15 Kinder. Gern in der Nähe einer Grundschule.",
              ("bildung", "jugend")),
    BoardSpec(OFFER, T.ROOM, "Vereinsraum samstags frei – für Kurse und Treffen",
              "Unser Vereinsraum (40 m², Küche, barrierefrei) ist samstags ab 14 Uhr frei. Gegen eine kleine "
              "Beteiligung an den Nebenkosten.", ("kultur",)),
    BoardSpec(SEEK, T.VOLUNTEERS, "Ehrenamtliche für Sprachcafé gesucht (Dienstagabend)",
              "Zum Gespräch mit Deutschlernenden braucht es keine Vorkenntnisse, nur Zeit und Geduld. Jeden Dienstag "
              "18 bis 20 Uhr.", ("sprache", "gefluechtete")),
    BoardSpec(OFFER, T.EXPERTISE, "Wir helfen bei Satzungsänderungen",
              "Zwei Mitglieder unseres Vorstands haben mehrere Satzungsänderungen begleitet und beraten andere Vereine "
              "gern kostenlos.", ("demokratie-teilhabe",)),
    BoardSpec(OFFER, T.MATERIAL, "Zelte und Bierbänke für Vereinsfeste zu verleihen",
              "Drei Faltpavillons (3 × 3 m) und zehn Garnituren. Abholung nach Absprache.", ("kultur",)),
    BoardSpec(SEEK, T.EXPERTISE, "Wer kennt sich mit Vereinsbuchhaltung aus?",
              "Unser Kassierer hört auf. Wir suchen jemanden, der uns eine einfache Buchhaltung einrichtet und die "
              "neue Kassiererin einarbeitet.", ("demokratie-teilhabe",)),
    BoardSpec(OFFER, T.VOLUNTEERS, "Dolmetscherinnen (Arabisch, Kurdisch) für Elternabende",
              "Drei Frauen aus unserem Verein dolmetschen ehrenamtlich bei Elternabenden und Elterngesprächen.",
              ("elternarbeit", "sprache")),
    BoardSpec(SEEK, T.MATERIAL, "Laptops für unsere Hausaufgabenhilfe gesucht",
              "Gebrauchte Laptops, gern auch älter, für Recherche und Schreiben. Wir lassen sie sicher neu aufsetzen.",
              ("bildung", "jugend")),
    BoardSpec(OFFER, T.PARTNER, "Kooperation für Mädchenfußball: Hallenzeiten und Trainerinnen",
              "Wir haben Hallenzeiten und zwei Trainerinnen und suchen Vereine, die Mädchen für ein Training "
              "begeistern möchten.", ("sport", "jugend", "frauen")),
    BoardSpec(SEEK, T.ROOM, "Saal für Kulturabend mit 150 Personen",
              "Für unseren Kulturabend im Herbst suchen wir einen Saal mit Bühne und Küche.", ("kultur",),
              expired=True),
    BoardSpec(OFFER, T.EXPERTISE, "Workshop Social Media für Vereine – kostenlos",
              "Ein Nachmittag für Vereinsmitglieder: Instagram, WhatsApp-Kanäle und Fotorechte. Wir kommen zu Ihnen.",
              ("kultur", "bildung")),
    BoardSpec(SEEK, T.VOLUNTEERS, "Übungsleiterin mit Lizenz für Frauenschwimmen",
              "Unser Schwimmkurs für Frauen braucht eine zweite Übungsleiterin, sonntags 9 bis 11 Uhr.",
              ("sport", "frauen", "gesundheit")),
    BoardSpec(OFFER, T.ROOM, "Gemeinschaftsgarten: Beete für Vereine frei",
              "Zwei Beete im Gemeinschaftsgarten sind frei – ideal für Kindergruppen oder Seniorentreffs.",
              ("kultur", "senioren")),
    BoardSpec(SEEK, T.PARTNER, "Partner für Ausstellung „Ankommen in Hessen“",
              "Eine Fotoausstellung mit Geschichten aus drei Generationen. Wir suchen Vereine, die Geschichten und "
              "Fotos beitragen.", ("kultur", "demokratie-teilhabe")),
    BoardSpec(OFFER, T.MATERIAL, "Kinderbücher auf Arabisch und Farsi abzugeben",
              "Rund 60 Bücher für Kinder von 3 bis 10 Jahren, gut erhalten.", ("bildung", "sprache"), expired=True),
    BoardSpec(SEEK, T.EXPERTISE, "Fotografin für unser Vereinsjubiläum gesucht",
              "Ehrenamtlich oder gegen kleine Aufwandsentschädigung, ein Samstag im Frühjahr.", ("kultur",)),
    BoardSpec(OFFER, T.VOLUNTEERS, "Studierende unterstützen bei Bewerbungstrainings",
              "Unsere Hochschulgruppe übt mit Jugendlichen Vorstellungsgespräche und schaut Bewerbungen durch.",
              ("arbeit-ausbildung", "jugend")),
    BoardSpec(SEEK, T.PARTNER, "Kita sucht Elternverein für mehrsprachige Vorlesestunde",
              "Einmal im Monat am Nachmittag, Sprachen nach Wunsch der Eltern.", ("elternarbeit", "sprache")),
    BoardSpec(OFFER, T.EXPERTISE, "Beratung zu Fördermitteln auf Türkisch und Kurdisch",
              "Wir haben schon viele Mikroprojekte beantragt und erklären anderen Vereinen gern, wie es geht.",
              ("demokratie-teilhabe",)),
    BoardSpec(SEEK, T.MATERIAL, "Nähmaschinen für Nähkurs gesucht",
              "Für unser Repair-Café suchen wir zwei, drei funktionierende Nähmaschinen.", ("frauen", "kultur"),
              expired=True),
    BoardSpec(OFFER, T.ROOM, "Küche für gemeinsames Kochen im Mehrgenerationenhaus",
              "Wir nutzen die große Lehrküche im Mehrgenerationenhaus mit und teilen sie gern mit anderen Vereinen, "
              "abends und am Wochenende.", ("kultur", "senioren")),
    BoardSpec(SEEK, T.VOLUNTEERS, "Begleitung für Seniorinnen zu Arztterminen",
              "Wer spricht Russisch oder Ukrainisch und hat vormittags Zeit?", ("senioren", "gesundheit")),
    BoardSpec(OFFER, T.PARTNER, "Chor sucht Auftrittsmöglichkeiten",
              "Unser Chor (20 Stimmen, Lieder aus der Ukraine, der Türkei und Griechenland) singt gern bei Festen, "
              "Gottesdiensten und Vereinsabenden.",
              ("kultur", "religion-dialog")),
    BoardSpec(OFFER, T.MATERIAL, "Vereins-T-Shirts mit Logo – Sonderpreis",
              "Bedruckte T-Shirts ab 50 Stück zum Sonderpreis. Jetzt bestellen, Angebot nur diesen Monat!",
              report="Gewerbliches Angebot einer Druckerei, kein Verein."),
)  # fmt: skip


# --- loading --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    user: User
    organisation: Organisation | None


def _html(text: str) -> str:
    return sanitise("".join(f"<p>{escape(part, quote=False)}</p>" for part in text.split("\n\n")))


def _url(name: str, **kwargs: Any) -> str:
    # ``load`` runs in German: the notification list translates the address into the reader's language.
    return reverse(name, kwargs=kwargs)


class _Demo:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people: list[Person] = []
        self.by_email: dict[str, Person] = {}
        self.cast: dict[str, Person] = {}  # the people the scripts name (see the keys above)
        self.groups: dict[str, Group] = {}  # by slug, regional groups also by their district's AGS
        self.regional: dict[int, Group] = {}  # by district
        self.members: dict[tuple[int, int], GroupMembership] = {}  # by (group, user)
        self.saved_members: set[tuple[int, int]] = set()
        self.first_post: dict[tuple[int, int], datetime] = {}
        self.posts: list[tuple[Thread, Post, Reply | None]] = []
        self.conversations: list[tuple[Conversation, ConversationSpec, Person, Person, list[Message]]] = []
        self.board: list[tuple[BoardPost, BoardSpec]] = []
        self.notifications: list[Notification] = []
        # ``created_at`` is set on insert (``auto_now_add``): when each row really happened, set afterwards.
        self.times: dict[int, tuple[Model, datetime]] = {}

    def at(self, row: Model, moment: datetime) -> None:
        self.times[id(row)] = (row, moment)

    def when(self, row: Model) -> datetime:
        return self.times[id(row)][1]

    # --- people -----------------------------------------------------------------------------------------

    def load_people(self) -> bool:
        memberships = (
            Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}", organisation__status="verified")
            .select_related("organisation", "user")
            .only("role", "user", "organisation__name", "organisation__district_id", "organisation__status")
            .order_by("user__email", "role", "pk")  # "admin" first: the organisation someone runs
        )
        own: dict[str, Person] = {}
        for membership in memberships:
            own.setdefault(membership.user.email, Person(membership.user, membership.organisation))
        team = User.objects.filter(email=TEAM).first()
        if team is None or README_MEMBER not in own:
            return False
        own[TEAM] = Person(team, None)
        self.people = [own[email] for email in sorted(own)]
        self.by_email = own
        return True

    def ordinary(self) -> list[Person]:
        """People from organisations (not the team, the municipal actors, the README member or the spammer)."""
        spammer = self.cast["spammer"].user.pk if "spammer" in self.cast else None
        return [
            p
            for p in self.people
            if p.organisation is not None
            and p.user.pk != spammer
            and not p.user.email.startswith(("kommune-", "team@", "mitglied-01@"))
        ]

    def admin_of(self, email: str) -> Person | None:
        membership = (
            Membership.objects.filter(user__email=email, role=Membership.Role.ADMIN, organisation__status="verified")
            .select_related("organisation", "user")
            .order_by("pk")
            .first()
        )
        return Person(membership.user, membership.organisation) if membership else None

    def office_of(self, district_id: int | None) -> Person | None:
        """The integration office of a district, as its municipal demo account runs it."""
        if district_id is None:
            return None
        membership = (
            Membership.objects.filter(
                user__email__startswith="kommune-", role=Membership.Role.ADMIN,
                organisation__district_id=district_id, organisation__status="verified",
            )
            .select_related("organisation", "user")
            .order_by("pk")
            .first()
        )  # fmt: skip
        return Person(membership.user, membership.organisation) if membership else None

    def choose_cast(self) -> None:
        cast = self.cast
        cast["member"] = self.by_email[README_MEMBER]
        cast["team"] = self.by_email[TEAM]
        for n in (10, 11, 12, 13, 14):
            email = f"mitglied-{n}@{DEMO_DOMAIN}"
            admin = self.admin_of(email)
            if admin is not None:
                cast[f"org:{n}"] = admin
            person = admin or self.by_email.get(email)
            if person is not None:
                cast[f"mitglied-{n}"] = person
        host = cast.get("org:10")
        if host is not None and host.organisation is not None:
            cast["host"] = host
            office = self.office_of(host.organisation.district_id)
            if office is not None:
                cast["host-office"] = office
        member = cast["member"]
        office = self.office_of(member.organisation.district_id if member.organisation else None)
        if office is not None:
            cast["office"] = office
        # An organisation whose admin answers in Turkish.
        admins = [
            Person(m.user, m.organisation)
            for m in Membership.objects.filter(
                user__email__startswith="mitglied-", role=Membership.Role.ADMIN, organisation__status="verified"
            ).select_related("organisation", "user").order_by("user__email", "pk")
        ]  # fmt: skip
        spoken_for = {p.organisation.pk for key, p in cast.items() if key.startswith("org:") and p.organisation}
        admins = [p for p in admins if p.organisation and p.organisation.pk not in spoken_for]
        speaking = [p for p in admins if self.speaks(p.user, "tr")] or admins
        if speaking:
            cast["org:tr"] = speaking[0]
        # Everyone else is someone from the directory; the events demo made most of them.
        taken = {p.user.pk for p in cast.values()}
        others = [p for p in self.ordinary() if p.user.pk not in taken]
        self.rng.shuffle(others)
        for key in ["spammer", "helper", *[f"p{n}" for n in range(1, 17)]]:
            language = CAST_LANGUAGES.get(key, "de")
            # The spammer is nobody's demo account if it can be helped (those are for trying the platform out).
            fitting = [p for p in others if key != "spammer" or not p.user.email.startswith("mitglied-")] or others
            person = next((p for p in fitting if self.speaks(p.user, language)), fitting[0] if fitting else None)
            if person is None:
                break
            cast[key] = person
            others.remove(person)

    @staticmethod
    def first_name(user: User) -> str:
        return (user.name or "").split(" ")[0]

    @staticmethod
    def speaks(user: User, language: str) -> bool:
        return language == "de" or language in (user.spoken_languages or []) or user.preferred_language == language

    # --- groups -----------------------------------------------------------------------------------------

    def make_groups(self) -> None:
        regional_groups_ensure()  # normally done when the regions were imported
        for group in (
            Group.objects.filter(kind=Group.Kind.REGIONAL).select_related("district").defer("district__outline")
        ):
            if group.district is not None:
                self.regional[group.district.pk] = group
                self.groups[group.district.ags] = group
        self.saved_members = set(
            GroupMembership.objects.filter(group__in=self.regional.values()).values_list("group_id", "user_id")
        )
        terms = {term.slug: term for term in FieldOfAction.objects.all()}
        rows = Group.objects.bulk_create(
            Group(
                slug=spec.slug, kind=spec.kind, name=spec.name, name_translations=spec.translations,
                description=spec.description, description_translations=spec.description_translations,
                joining=spec.joining, visibility=spec.visibility, created_by=self.cast["team"].user,
            )
            for spec in GROUPS
        )  # fmt: skip
        through = Group.fields_of_action.through
        through.objects.bulk_create(
            through(group_id=group.pk, fieldofaction_id=terms[slug].pk)
            for group, spec in zip(rows, GROUPS, strict=True)
            for slug in spec.fields
            if slug in terms
        )
        for group, spec in zip(rows, GROUPS, strict=True):
            self.groups[spec.slug] = group
            self.at(group, self.now - timedelta(days=spec.days, hours=self.rng.uniform(0, 8)))
        member = self.cast["member"]
        if member.organisation is not None and member.organisation.district_id in self.regional:
            self.groups["member-region"] = self.regional[member.organisation.district_id]

    def join(self, group: Group, person: Person, role: str = Role.MEMBER, status: str = Status.ACTIVE) -> None:
        key = (group.pk, person.user.pk)
        if key not in self.members and key not in self.saved_members:
            self.members[key] = GroupMembership(group=group, user=person.user, role=role, status=status)

    def active(self, group: Group) -> list[User]:
        return [m.user for (g, _u), m in self.members.items() if g == group.pk and m.status == Status.ACTIVE]

    def make_memberships(self) -> None:
        rng, cast = self.rng, self.cast
        team = cast["team"]
        municipal = [p for p in self.people if p.user.email.startswith("kommune-")]
        by_email = {p.user.email: p for p in municipal}
        ordinary = self.ordinary()
        # Regional groups: the district's municipal actor moderates; people join their organisation's district.
        for group in self.regional.values():
            moderator = by_email.get(f"kommune-{group.district.ags}@{DEMO_DOMAIN}") if group.district else None
            self.join(group, moderator or team, Role.MODERATOR)
        for person in ordinary:
            assert person.organisation is not None
            if person.organisation.district_id in self.regional and rng.random() < 0.45:
                self.join(self.regional[person.organisation.district_id], person)
        if "member-region" in self.groups:
            self.join(self.groups["member-region"], cast["member"])

        # Topic and working groups: the team moderates, in some a member with experience moderates with them.
        for spec in GROUPS:
            self.join(self.groups[spec.slug], team, Role.MODERATOR)
        for slug, key in (("jugendarbeit", "mitglied-10"), ("elternarbeit", "mitglied-12"),
                          ("ehrenamt-wir-lotsen", "mitglied-14")):  # fmt: skip
            if key in cast:
                self.join(self.groups[slug], cast[key], Role.MODERATOR)
        fields: dict[int, set[str]] = {}
        for organisation_id, slug in Organisation.fields_of_action.through.objects.filter(
            organisation__in={p.organisation.pk for p in ordinary if p.organisation}
        ).values_list("organisation_id", "fieldofaction__slug"):
            fields.setdefault(organisation_id, set()).add(slug)
        for person in ordinary:
            assert person.organisation is not None
            own = fields.get(person.organisation.pk, set())
            for spec in TOPIC_GROUPS:
                chance = 0.4 if spec.slug == "foerdermittel" else 0.3 if own & set(spec.fields) else 0.07
                if rng.random() < chance:
                    self.join(self.groups[spec.slug], person)
            if rng.random() < 0.2:
                self.join(self.groups[CAFE.slug], person)
        for person in rng.sample(municipal, k=min(6, len(municipal))):
            self.join(self.groups[CAFE.slug], person)
        for slug in ("foerdermittel", "elternarbeit", CAFE.slug, WOMEN.slug):
            self.join(self.groups[slug], cast["member"])

        # The women's group admits on request (one of the members moderates with the team); some wait.
        women = self.groups[WOMEN.slug]
        woman = [p for p in ordinary if self.first_name(p.user) in WOMEN_FIRST_NAMES]
        for key in ("mitglied-13", "mitglied-12", "mitglied-11", "mitglied-14"):
            if key in cast and self.first_name(cast[key].user) in WOMEN_FIRST_NAMES:
                self.join(women, cast[key], Role.MODERATOR)
                break
        for person in rng.sample(woman, k=min(14, len(woman))):
            self.join(women, person)
        outside = [p for p in woman if (women.pk, p.user.pk) not in self.members]
        for person in rng.sample(outside, k=min(4, len(outside))):
            self.join(women, person, status=Status.REQUESTED)

        # Working groups: the invited only; the README member has an invitation to the AG.
        steering = self.groups[STEERING.slug]
        for key in ("mitglied-10", "mitglied-11", "mitglied-12", "mitglied-13", "mitglied-14"):
            if key in cast:
                self.join(steering, cast[key])
        for person in rng.sample(ordinary, k=min(4, len(ordinary))):
            self.join(steering, person)
        preparation = self.groups[PREPARATION.slug]
        for person in [
            *rng.sample(municipal, k=min(2, len(municipal))),
            *rng.sample(ordinary, k=min(4, len(ordinary))),
        ]:
            self.join(preparation, person)
        self.join(preparation, cast["member"], status=Status.INVITED)

    def save_memberships(self) -> None:
        """Write the memberships, each from a moment before its person first wrote in the group."""
        rng = self.rng
        rows = list(self.members.values())
        GroupMembership.objects.bulk_create(rows)
        waiting = 0
        for row in rows:
            group = row.group
            opened = self.times[id(group)][1] if id(group) in self.times else self.now - timedelta(days=450)
            if row.status == Status.REQUESTED:  # one every few days, the latest this morning
                moment = self.now - timedelta(days=0.3 + 2.5 * waiting + rng.uniform(0, 1))
                waiting += 1
            elif row.status == Status.INVITED:
                moment = self.now - timedelta(hours=rng.uniform(20, 30))
            elif row.role == Role.MODERATOR:
                moment = opened
            else:
                latest = self.first_post.get((group.pk, row.user_id), self.now) - timedelta(hours=2)
                moment = max(opened + (latest - opened) * rng.random(), opened)
            self.at(row, moment)

    # --- discussions ------------------------------------------------------------------------------------------

    def _writer(self, key: str, group: Group, *, voices: Sequence[User], avoid: Sequence[User] = ()) -> User:
        """The person a script names (joining the group if need be), or one of the thread's voices
        (not one of ``avoid``: the one who wrote last, the author who has their own lines)."""
        if key in ("team", "member", "helper", "spammer") and key in self.cast:
            person = self.cast[key]
            self.join(group, person)
            return person.user
        if key == "moderator":
            moderators = [
                m.user
                for (g, _u), m in self.members.items()
                if g == group.pk and m.role == Role.MODERATOR and m.user.email != TEAM
            ]
            if moderators:
                return moderators[0]
        avoided = {user.pk for user in avoid}
        return self.rng.choice([u for u in voices if u.pk not in avoided] or list(voices))

    def _voices(self, group: Group, language: str) -> list[User]:
        """A few members who talk in a thread, speaking its language (people join open groups for it)."""
        rng = self.rng
        special = {self.cast[key].user.pk for key in ("team", "spammer", "member") if key in self.cast}
        pool = [u for u in self.active(group) if u.pk not in special]
        speakers = [u for u in pool if self.speaks(u, language)]
        if len(speakers) < 4 and group.visibility != Visibility.CLOSED:
            joining = [p for p in self.ordinary() if self.speaks(p.user, language) and p.user not in speakers]
            for person in rng.sample(joining, k=min(4 - len(speakers), len(joining))):
                self.join(group, person)
                speakers.append(person.user)
        if len(speakers) < 2:
            speakers = pool or [self.cast["team"].user]
        return rng.sample(speakers, k=min(len(speakers), rng.randint(3, 6)))

    def make_threads(self) -> None:
        rng = self.rng
        threads: list[Thread] = []
        mentions: list[tuple[Post, User]] = []
        for spec in THREADS:
            group = self.groups.get(spec.group)
            if group is None:
                continue
            voices = self._voices(group, spec.lang)
            author = self._writer(spec.by, group, voices=voices)
            opened = self.now - timedelta(days=spec.days, hours=rng.uniform(0, 6))
            replies = [r if isinstance(r, Reply) else Reply(r) for r in spec.replies]
            end = min(self.now - timedelta(minutes=40), opened + timedelta(days=min(spec.days, rng.uniform(3, 20))))
            moments = sorted(opened + (end - opened) * rng.random() ** 1.4 for _ in replies)
            moments = [
                self.now - timedelta(hours=r.hours_ago) if r.hours_ago is not None else moment
                for r, moment in zip(replies, moments, strict=True)
            ]
            thread = Thread(
                group=group, author=author, title=spec.title, pinned=spec.pinned, last_post_at=moments[-1],
                reply_count=len(replies),
            )  # fmt: skip
            threads.append(thread)
            self.at(thread, opened)
            opening = Post(thread=thread, author=author, body=sanitise(spec.body))
            if spec.edited:
                opening.edited_at = opened + timedelta(minutes=rng.randint(5, 90))
            self.posts.append((thread, opening, None))
            self.at(opening, opened)
            self._wrote(group, author, opened)
            previous = author
            for reply, moment in zip(replies, moments, strict=True):
                if reply.by == "author":
                    writer = author
                else:
                    writer = self._writer(reply.by, group, voices=voices, avoid=(previous, author))
                mentioned = {"author": author, "member": self.cast["member"].user, "previous": previous}.get(
                    reply.mention
                )
                text = reply.text.replace("{mention}", f"@{mentioned.get_full_name()}" if mentioned else "").strip()
                post = Post(
                    thread=thread, author=writer, body="" if reply.deleted else _html(text), is_hidden=reply.hidden
                )
                if reply.deleted:
                    post.deleted_at = moment + timedelta(hours=rng.uniform(1, 20))
                if reply.edited:
                    post.edited_at = moment + timedelta(minutes=rng.randint(5, 60))
                self.posts.append((thread, post, reply))
                self.at(post, moment)
                self._wrote(group, writer, moment)
                if mentioned is not None and mentioned.pk != writer.pk:
                    mentions.append((post, mentioned))
                previous = writer
        Thread.objects.bulk_create(threads)  # the posts' ``thread_id`` is taken from the saved threads
        Post.objects.bulk_create([post for _thread, post, _reply in self.posts])
        through = Post.mentions.through
        through.objects.bulk_create(through(post_id=post.pk, user_id=user.pk) for post, user in mentions)
        self._thread_notifications(mentions)

    def _wrote(self, group: Group, user: User, moment: datetime) -> None:
        key = (group.pk, user.pk)
        self.first_post[key] = min(moment, self.first_post.get(key, moment))

    # --- direct messages -------------------------------------------------------------------------------

    def make_conversations(self) -> None:
        cast = self.cast
        planned: list[tuple[Conversation, ConversationSpec, Person, Person]] = []
        for spec in CONVERSATIONS:
            a, b = cast.get(spec.a), cast.get(spec.b)
            if a is None or b is None or a.user.pk == b.user.pk:
                continue
            to_organisation = spec.b.startswith("org:") or spec.b == "office"
            conversation = Conversation(
                organisation=b.organisation if to_organisation else None,
                last_message_at=self.now - timedelta(hours=spec.messages[-1][2]),
            )
            self.at(conversation, self.now - timedelta(hours=spec.messages[0][2]))
            planned.append((conversation, spec, a, b))
        Conversation.objects.bulk_create([conversation for conversation, *_rest in planned])
        entry = next(s.title for s in BOARD if s.by == "member")
        messages: list[Message] = []
        members: list[ConversationMember] = []
        for conversation, spec, a, b in planned:
            sides = {"a": a, "b": b}
            first = {side: self.first_name(person.user) for side, person in sides.items()}
            rows = []
            for side, text, hours in spec.messages:
                body = text.format(a=first["a"], b=first["b"])
                if spec.board and side == "a":  # as board.board_post_reply writes it
                    body = f"Zu Ihrem Eintrag „{entry}“ bei Suchen und Bieten:\n\n{body}"
                row = Message(
                    conversation=conversation, sender=sides[side].user, body=body,
                    as_organisation=conversation.organisation is not None and side == "b",
                )  # fmt: skip
                self.at(row, self.now - timedelta(hours=hours))
                rows.append(row)
            messages.extend(rows)
            self.conversations.append((conversation, spec, a, b, rows))
            for side, person in sides.items():
                read = self._read_until(spec, rows, side)
                if read is None and conversation.organisation is not None and side == "b":
                    continue  # nobody of the organisation has opened it yet
                members.append(
                    ConversationMember(
                        conversation=conversation, user=person.user, last_read_at=read,
                        is_starter=conversation.organisation is not None and side == "a",
                    )
                )  # fmt: skip
        Message.objects.bulk_create(messages)
        ConversationMember.objects.bulk_create(members)
        for conversation, spec, a, b, rows in self.conversations:
            self._message_notifications(conversation, spec, {"a": a, "b": b}, rows, entry)
        # The README member blocked the one who sent them advertising.
        if "spammer" in cast:
            block = Block.objects.create(blocker=cast["member"].user, blocked=cast["spammer"].user)
            self.at(block, self.now - timedelta(hours=35 * 24 - 2))

    def _read_until(self, spec: ConversationSpec, rows: Sequence[Message], side: str) -> datetime | None:
        """Those in ``read_by`` have read everything; the others up to their own last message."""
        if side in spec.read_by:
            return self.when(rows[-1])
        own = [self.when(row) for row, (s, _text, _hours) in zip(rows, spec.messages, strict=True) if s == side]
        return max(own, default=None)

    # --- board ---------------------------------------------------------------------------------------------

    def make_board(self) -> None:
        rng = self.rng
        terms = {term.slug: term for term in FieldOfAction.objects.all()}
        ordinary = self.ordinary()
        by_district: dict[int, list[Person]] = {}
        for person in ordinary:
            assert person.organisation is not None
            by_district.setdefault(person.organisation.district_id, []).append(person)
        districts = list(District.objects.order_by("ags").values_list("pk", flat=True))
        rng.shuffle(districts)  # entries from all over Hessen
        used: set[int] = set()
        for index, spec in enumerate(BOARD):
            if spec.by == "member":
                person = self.cast["member"]
            else:
                here = [p for p in by_district.get(districts[index % len(districts)], []) if p.user.pk not in used]
                person = rng.choice(here or [p for p in ordinary if p.user.pk not in used] or ordinary)
            used.add(person.user.pk)
            assert person.organisation is not None
            if spec.expired:
                expires = self.today - timedelta(days=rng.randint(2, 30))
                created = self.now - timedelta(days=(self.today - expires).days + rng.randint(20, 60))
            else:
                created = self.now - timedelta(days=rng.uniform(0.3, 40))
                expires = self.today + timedelta(days=rng.randint(10, 80))
            post = BoardPost(
                author=person.user,
                organisation=None if spec.report else person.organisation if spec.by or rng.random() < 0.8 else None,
                direction=spec.direction, topic=spec.topic, title=spec.title, body=spec.body,
                district_id=person.organisation.district_id, expires_on=expires,
            )  # fmt: skip
            self.at(post, created)
            self.board.append((post, spec))
        BoardPost.objects.bulk_create([post for post, _spec in self.board])
        through = BoardPost.fields_of_action.through
        through.objects.bulk_create(
            through(boardpost_id=post.pk, fieldofaction_id=terms[slug].pk)
            for post, spec in self.board
            for slug in spec.fields
            if slug in terms
        )

    # --- moderation ---------------------------------------------------------------------------------------------

    def make_moderation(self) -> None:
        rng, team = self.rng, self.cast["team"].user
        people = [p.user for p in self.ordinary()]
        reports: list[Report] = []
        actions: list[ModerationAction] = []

        def reporter(author: User | None) -> User:
            return rng.choice([u for u in people if author is None or u.pk != author.pk])

        for thread, post, reply in self.posts:
            if reply is None or not (reply.report or reply.hidden or reply.dismissed):
                continue
            moment = self.when(post) + timedelta(hours=rng.uniform(1, 12))
            report = Report(
                reporter=reporter(post.author), target_type=Report.Target.POST, target_id=post.pk, group=thread.group,
                reason=reply.report or reply.dismissed or "Werbung für gekaufte Follower.",
            )  # fmt: skip
            self.at(report, moment)
            reports.append(report)
            if reply.report:
                continue
            report.status = Report.Status.ACTIONED if reply.hidden else Report.Status.DISMISSED
            report.handled_by, report.handled_at = team, moment + timedelta(hours=5)
            action = ModerationAction(
                actor=team, action=ModerationAction.Action.HIDE if reply.hidden else ModerationAction.Action.DISMISS,
                target_type=Report.Target.POST, target_id=post.pk, target_user=post.author, report=report,
                reason="Werbung hat in den Gruppen keinen Platz." if reply.hidden
                else "Beiträge in allen Sprachen sind willkommen; dieser verstößt gegen keine Regel.",
            )  # fmt: skip
            self.at(action, report.handled_at)
            actions.append(action)
            if reply.hidden and post.author is not None:
                self._notify(post.author, Category.MODERATION, "moderation.hidden", None, thread.title,
                             self._post_url(thread, post), report.handled_at, read=True)  # fmt: skip
        for _conversation, spec, _a, b, rows in self.conversations:
            if spec.report:
                report = Report(reporter=b.user, target_type=Report.Target.MESSAGE, target_id=rows[0].pk,
                                reason=spec.report)  # fmt: skip
                self.at(report, self.when(rows[0]) + timedelta(hours=3))
                reports.append(report)
        for entry, board_spec in self.board:
            if board_spec.report:
                report = Report(reporter=reporter(entry.author), target_type=Report.Target.BOARD, target_id=entry.pk,
                                reason=board_spec.report)  # fmt: skip
                self.at(report, self.when(entry) + timedelta(hours=rng.uniform(2, 30)))
                reports.append(report)
        Report.objects.bulk_create(reports)  # the actions' ``report_id`` is taken from the saved reports

        # The one who posted the advertising was suspended for a week; the week is over.
        spammer = self.cast.get("spammer")
        hidden = next((a for a in actions if a.action == ModerationAction.Action.HIDE), None)
        if spammer is not None and hidden is not None:
            start = self.when(hidden) + timedelta(minutes=10)
            reason = "Wiederholt Werbung für gekaufte Follower veröffentlicht (Sperre für eine Woche)."
            suspend = ModerationAction(
                actor=team, action=ModerationAction.Action.SUSPEND, target_user=spammer.user, reason=reason
            )
            self.at(suspend, start)
            actions.append(suspend)
            Suspension.objects.create(user=spammer.user, until=start + timedelta(days=7), reason=reason)
            self._notify(spammer.user, Category.MODERATION, "moderation.suspended", None, reason,
                         _url("exchange:home"), start, read=True)  # fmt: skip
        ModerationAction.objects.bulk_create(actions)

    # --- notifications ------------------------------------------------------------------------------------

    def _notify(
        self,
        user: User,
        category: str,
        verb: str,
        actor: User | None,
        subject: str,
        url: str,
        moment: datetime,
        *,
        read: bool,
    ) -> None:
        read_at = min(moment + timedelta(minutes=self.rng.randint(5, 600)), self.now) if read else None
        row = Notification(
            user=user, category=category, verb=verb, actor=actor, subject=subject[:200], url=url, read_at=read_at,
            emailed_at=moment,  # gone out already (at once or in a digest): loading the demo emails nobody
        )  # fmt: skip
        self.notifications.append(row)
        self.at(row, moment)

    def _seen(self, user: User, moment: datetime) -> bool:
        """Whether ``user`` has read a notification from ``moment`` by now."""
        if user.email == README_MEMBER:
            return moment < self.now - timedelta(days=3)
        if moment < self.now - timedelta(days=30):
            return True
        return moment < self.now - timedelta(days=2) and self.rng.random() < 0.85

    @staticmethod
    def _post_url(thread: Thread, post: Post) -> str:
        return _url("exchange:thread", slug=thread.group.slug, pk=thread.pk) + f"#post-{post.pk}"

    def _thread_notifications(self, mentions: Sequence[tuple[Post, User]]) -> None:
        """As ``services.post_reply`` tells them: the mentioned, and everyone who wrote in the thread before."""
        mentioned: dict[int, list[User]] = {}
        for post, user in mentions:
            mentioned.setdefault(id(post), []).append(user)
        earlier: dict[int, dict[int, User]] = {}
        for thread, post, reply in self.posts:
            writers = earlier.setdefault(id(thread), {})
            moment = self.when(post)
            url = self._post_url(thread, post)
            told = {post.author_id}
            for user in mentioned.get(id(post), []):
                self._notify(user, Category.MENTION, "post.mention", post.author, thread.title, url, moment,
                             read=self._seen(user, moment) and user.email != README_MEMBER)  # fmt: skip
                told.add(user.pk)
            if reply is not None:
                for user in writers.values():
                    if user.pk not in told:
                        self._notify(user, Category.REPLY, "thread.reply", post.author, thread.title, url, moment,
                                     read=self._seen(user, moment))  # fmt: skip
            if post.author is not None:
                writers.setdefault(post.author.pk, post.author)

    def _message_notifications(
        self,
        conversation: Conversation,
        spec: ConversationSpec,
        sides: dict[str, Person],
        rows: Sequence[Message],
        entry: str,
    ) -> None:
        url = _url("exchange:conversation", pk=conversation.pk)
        read_until = {side: self._read_until(spec, rows, side) for side in sides}
        for row, (side, _text, _hours) in zip(rows, spec.messages, strict=True):
            other = "b" if side == "a" else "a"
            recipient, moment, seen = sides[other].user, self.when(row), read_until[other]
            read = seen is not None and seen >= moment
            if conversation.organisation is not None and side == "a":
                verb, subject = "message.organisation", conversation.organisation.name
            else:
                verb, subject = "message.person", ""
            self._notify(recipient, Category.MESSAGE, verb, sides[side].user, subject, url, moment, read=read)
            if spec.board and side == "a":
                self._notify(recipient, Category.BOARD, "board.reply", sides[side].user, entry, url, moment, read=read)

    def group_notifications(self) -> None:
        team, member = self.cast["team"].user, self.cast["member"].user
        women = self.groups[WOMEN.slug]
        moderators = [m.user for (g, _u), m in self.members.items() if g == women.pk and m.role == Role.MODERATOR]
        for row in self.members.values():
            if row.group.pk == women.pk and row.status == Status.REQUESTED:
                moment = self.when(row)
                for moderator in moderators:
                    self._notify(moderator, Category.GROUP, "group.requested", row.user, women.name,
                                 _url("exchange:group_members", slug=women.slug), moment,
                                 read=moment < self.now - timedelta(days=3))  # fmt: skip
        joined = self.members.get((women.pk, member.pk))
        if joined is not None and joined.status == Status.ACTIVE:
            self._notify(member, Category.GROUP, "group.approved", team, women.name,
                         _url("exchange:group", slug=women.slug), self.when(joined), read=True)  # fmt: skip
        preparation = self.groups[PREPARATION.slug]
        invited = self.members.get((preparation.pk, member.pk))
        if invited is not None and invited.status == Status.INVITED:
            self._notify(member, Category.GROUP, "group.invited", team, preparation.name,
                         _url("exchange:group_invitation", slug=preparation.slug), self.when(invited),
                         read=False)  # fmt: skip

    def event_notifications(self) -> None:
        """The coming Vernetzungstreffen moved to a larger hall: everyone registered heard of it."""
        event = (
            Event.objects.filter(
                kind=Event.Kind.NETWORKING, starts_at__gt=self.now, registrations__user=self.cast["member"].user
            )
            .order_by("starts_at")
            .first()
        )
        if event is None:
            return
        moment, url = self.now - timedelta(hours=7), _url("events:detail", slug=event.slug)
        registered = Registration.objects.filter(event=event, status__in=Registration.ACTIVE).select_related("user")
        for registration in registered:
            user = registration.user
            self._notify(user, Category.EVENT, "event.changed", None, event.title, url, moment,
                         read=user.email != README_MEMBER and self.rng.random() < 0.6)  # fmt: skip

    def link_events(self) -> int:
        """The online Vernetzungscafé belongs to the public group, a regional meeting to its regional group."""
        linked = Event.objects.filter(kind=Event.Kind.ONLINE, title=CAFE_TITLE).update(group=self.groups[CAFE.slug])
        meeting = Event.objects.filter(kind=Event.Kind.REGIONAL, title="Regionaltreffen Mittelhessen").first()
        if meeting is not None and meeting.district_id in self.regional:
            linked += Event.objects.filter(pk=meeting.pk).update(group=self.regional[meeting.district_id])
        return linked

    # --- dates ------------------------------------------------------------------------------------------------

    def save_times(self) -> None:
        Notification.objects.bulk_create(self.notifications)
        by_model: dict[type[Model], list[Model]] = {}
        for row, moment in self.times.values():
            row.created_at = moment  # type: ignore[attr-defined]
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model._default_manager.bulk_update(rows, ["created_at"], batch_size=100)
        # The regional groups exist since the regions were imported (more than a year ago, as far as the demo goes).
        Group.objects.filter(pk__in=[g.pk for g in self.regional.values()]).update(
            created_at=self.now - timedelta(days=450)
        )


def _exists() -> bool:
    return (
        Thread.objects.exists()
        or Conversation.objects.exists()
        or BoardPost.objects.exists()
        or Group.objects.exclude(kind=Group.Kind.REGIONAL).exists()
    )


def load(stdout: TextIO) -> None:
    if _exists():
        stdout.write("Demo exchange: exchange data exists already, nothing added.\n")
        return
    if not District.objects.exists() or not Organisation.objects.exists():
        stdout.write("Demo exchange skipped: import the regions and load the demo directory first.\n")
        return
    with translation.override(settings.LANGUAGE_CODE):
        _load(stdout)


def _load(stdout: TextIO) -> None:
    demo = _Demo(random.Random(SEED))
    if not demo.load_people():
        stdout.write("Demo exchange skipped: load the demo accounts and directory first.\n")
        return
    demo.choose_cast()
    demo.make_groups()
    demo.make_memberships()
    demo.make_threads()
    demo.save_memberships()
    demo.make_conversations()
    demo.make_board()
    demo.make_moderation()
    demo.group_notifications()
    demo.event_notifications()
    linked = demo.link_events()
    demo.save_times()
    unread = sum(1 for n in demo.notifications if n.user_id == demo.cast["member"].user.pk and n.read_at is None)
    stdout.write(
        f"Demo exchange: {Group.objects.count()} groups ({len(demo.regional)} regional), {len(demo.posts)} posts in "
        f"{Thread.objects.count()} threads, {len(demo.conversations)} conversations, {len(demo.board)} board entries, "
        f"{Report.objects.filter(status=Report.Status.OPEN).count()} open reports, {linked} events linked to groups; "
        f"{README_MEMBER} has {unread} unread notifications.\n"
    )
