"""Synthetic demo events: the annual Vernetzungstreffen, regional and online meetings, a training.

Everything is invented: the people (names from many origins, addresses ending in
``demo.vielfalt.invalid``), the venues and what was said in the workshops. Dates are relative to
today (in Europe/Berlin): the Vernetzungstreffen of the last two years with their published
documentation and feedback, this year's one in about five weeks, regional meetings before and after
today. Deterministic for a given day (a seeded random generator) and idempotent: nothing happens if
events exist.

The rows are written directly (in bulk, so the demo loads in a moment), keeping what ``services``
guarantees: never more people holding a place (confirmed or offered) than the event has places,
never more seats taken in a workshop than it has, nobody waiting while a place is free, at most one
workshop per time slot and one active registration per person and event; only confirmed
registrations hold workshop seats.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from vielfalt.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from vielfalt.accounts.models import Role, User
from vielfalt.core.lib import richtext
from vielfalt.events.models import (
    Documentation,
    Event,
    FeedbackAnswer,
    FeedbackResponse,
    Registration,
    Session,
    TimeSlot,
    WorkshopChoice,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current
from vielfalt.regions.models import District, Municipality

SEED = 4004
EXTRA_PEOPLE = 140  # synthetic representatives of organisations, besides the accounts of accounts.demo
README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"

Kind = Event.Kind
Status = Registration.Status
Seat = WorkshopChoice.Status

# Invented names from many origins. None of them is a person named in the press texts (``seeds/``).
FIRST_NAMES = [
    "Selin", "Emre", "Hatice", "Burak", "Nour", "Karim", "Yasmin", "Omar", "Shirin", "Reza", "Mahsa", "Farid",
    "Oksana", "Bohdan", "Natalia", "Sergej", "Magdalena", "Piotr", "Ioana", "Andrei", "Eleni", "Giorgos", "Giulia",
    "Marco", "Adama", "Grace", "Abebe", "Saba", "Hodan", "Abdirahman", "Minh", "Jelena", "Dragan", "Arta", "Besnik",
    "Carmen", "Diego", "Fatou", "Emmanuel", "Susanne", "Anja", "Michael", "Dilan", "Rojda", "Zainab", "Hassan",
    "Nadia", "Tarek", "Gülay", "Volkan",
]  # fmt: skip
LAST_NAMES = [
    "Aksoy", "Öztürk", "Çelik", "Doğan", "Korkmaz", "Khalil", "Mansour", "Saleh", "Hosseini", "Moradi", "Jafari",
    "Tkachenko", "Bondarenko", "Melnyk", "Kowalczyk", "Mazur", "Ionescu", "Stan", "Georgiou", "Esposito", "Ricci",
    "Diallo", "Boateng", "Mengistu", "Haile", "Warsame", "Nguyen", "Tran", "Petrović", "Kovačević", "Krasniqi",
    "Berisha", "García", "Fernández", "Ndiaye", "Okafor", "Becker", "Fischer", "Krämer", "Zimmermann", "Şahin",
    "Aydın", "Rahman", "Farouk",
]  # fmt: skip
LANGUAGES = ["de", "de", "de", "de", "en", "tr", "ar", "fa", "ru", "uk"]
SPOKEN = ["en", "tr", "ar", "fa", "ru", "uk", "pl", "ro", "ku", "ti", "so", "it", "sq", "es", "fr", "el", "vi"]

# --- the texts -------------------------------------------------------------------------------------------

NETWORKING_TITLE = "Hessenweites Vernetzungstreffen der Migrantenorganisationen"
NETWORKING_TITLE_TRANSLATIONS = {
    "en": "Hesse-wide Networking Meeting of Migrant Organisations",
    "tr": "Göçmen Örgütlerinin Hessen Geneli Ağ Buluşması",
    "ar": "لقاء التشبيك لمنظمات المهاجرين على مستوى ولاية هسن",
}
NETWORKING_DESCRIPTION = (
    "Einmal im Jahr kommen Vertreterinnen und Vertreter von Migrantenorganisationen aus ganz Hessen zusammen: "
    "zum Kennenlernen, zum Austausch von Erfahrungen und um in Workshops gemeinsam zu erarbeiten, was die Vereine "
    "brauchen. Die Ergebnisse stellen wir im Plenum vor und übergeben sie dem Ministerium; sie bestimmen, welche "
    "Schulungen und Beratungen das Kompetenzzentrum als Nächstes anbietet.\n\n"
    "Die Teilnahme ist kostenlos, für Essen und Getränke ist gesorgt. Bitte wählen Sie bei der Anmeldung je "
    "Workshopphase einen Workshop. Verdolmetschung ins Arabische, Persische und Türkische sowie Kinderbetreuung "
    "bieten wir auf Wunsch an – bitte geben Sie es bei der Anmeldung an."
)
NETWORKING_DESCRIPTION_TRANSLATIONS = {
    "en": (
        "Once a year, representatives of migrant organisations from all over Hesse meet to get to know each other, "
        "share experiences and work out together in workshops what associations need. We present the results to the "
        "plenary and hand them over to the ministry; they decide which trainings and counselling the centre offers "
        "next.\n\nParticipation is free of charge; food and drinks are provided. Please choose one workshop per "
        "workshop phase when you register. Interpreting into Arabic, Farsi and Turkish and childcare are available "
        "on request – please tell us when you register."
    ),
    "tr": (
        "Hessen'in dört bir yanından göçmen örgütlerinin temsilcileri yılda bir kez bir araya geliyor: tanışmak, "
        "deneyim paylaşmak ve atölyelerde derneklerin neye ihtiyaç duyduğunu birlikte belirlemek için. Sonuçları genel "
        "oturumda sunuyor ve bakanlığa iletiyoruz.\n\nKatılım ücretsizdir; yiyecek ve içecek sağlanır. Lütfen kayıt "
        "sırasında her atölye bölümü için bir atölye seçin. İstek üzerine Arapça, Farsça ve Türkçe tercümanlık ile "
        "çocuk bakımı sunuyoruz."
    ),
    "ar": (
        "مرة واحدة في السنة يلتقي ممثلو وممثلات منظمات المهاجرين من جميع أنحاء ولاية هسن للتعارف وتبادل الخبرات "
        "والعمل معاً في ورش عمل على تحديد احتياجات الجمعيات. نعرض النتائج في الجلسة العامة ونسلّمها إلى الوزارة.\n\n"
        "المشاركة مجانية، ويتم توفير الطعام والمشروبات. يرجى اختيار ورشة عمل واحدة لكل مرحلة عند التسجيل. "
        "نوفّر عند الطلب ترجمة فورية إلى العربية والفارسية والتركية ورعاية للأطفال."
    ),
}

SLOT_TITLES = {
    "Ankommen und Begrüßung": {"en": "Arrival and welcome", "tr": "Karşılama ve açılış", "ar": "الوصول والترحيب"},
    "Workshopphase 1": {"en": "Workshop phase 1", "tr": "Atölye bölümü 1", "ar": "المرحلة الأولى من ورش العمل"},
    "Mittagspause": {"en": "Lunch break", "tr": "Öğle arası", "ar": "استراحة الغداء"},
    "Workshopphase 2": {"en": "Workshop phase 2", "tr": "Atölye bölümü 2", "ar": "المرحلة الثانية من ورش العمل"},
    "Ergebnisse und Abschluss": {"en": "Results and closing", "tr": "Sonuçlar ve kapanış", "ar": "النتائج والختام"},
    "Austausch in Kleingruppen": {
        "en": "Exchange in small groups",
        "tr": "Küçük gruplarda fikir alışverişi",
        "ar": "تبادل الخبرات في مجموعات صغيرة",
    },
}


@dataclass(frozen=True)
class Topic:
    """A workshop topic: its translations, a description, what came out of it (the needs) and how popular it is."""

    title: str
    translations: dict[str, str]
    description: str
    result: str
    needs: tuple[str, ...]
    popularity: float = 1.0


TOPICS = {
    topic.title: topic
    for topic in (
        Topic(
            "Fördermittel erfolgreich beantragen",
            {"en": "Applying for funding successfully", "tr": "Hibe başvurusunu başarıyla yapmak",
             "ar": "التقدّم بنجاح للحصول على التمويل"},
            "Welche Programme passen zu unserem Verein, und wie wird aus einer Idee ein Antrag? Mit Beispielen aus dem "
            "Landesprogramm WIR (Mikroprojekte bis 5.000 Euro im Jahr).",
            "Viele Vereine scheitern nicht an der Idee, sondern an den Formalitäten: Kosten- und Finanzierungsplan, "
            "Eigenanteil, Verwendungsnachweis. Gerade rein ehrenamtliche Vereine wünschen sich Begleitung beim ersten "
            "Antrag und einen Überblick über Fristen – Anträge für das Folgejahr sind bis zum 31. Dezember fällig.",
            ("Schritt-für-Schritt-Schulung zu Anträgen im Landesprogramm WIR",
             "persönliche Beratung vor der Abgabe eines Antrags",
             "Muster für Finanzierungspläne und Verwendungsnachweise",
             "Erinnerung an Förderfristen"),
            3.0,
        ),
        Topic(
            "Öffentlichkeitsarbeit mit kleinem Budget",
            {"en": "Public relations on a small budget", "tr": "Düşük bütçeyle halkla ilişkiler",
             "ar": "العلاقات العامة بميزانية صغيرة"},
            "Social Media, Pressemitteilung, Vereinszeitung: Was wirkt, wenn Zeit und Geld knapp sind?",
            "Die Vereine leisten viel, aber außerhalb der eigenen Community weiß kaum jemand davon. Gute Erfahrungen "
            "gibt es mit kurzen Videos, persönlichen Kontakten zur Lokalzeitung und gemeinsamen Auftritten bei "
            "Stadtteilfesten.",
            ("Schulung zu Social Media und Pressearbeit", "Vorlagen für Flyer und Pressemitteilungen",
             "Kontakte zu Lokalredaktionen", "Rechtssicherer Umgang mit Fotos und Einwilligungen"),
            1.4,
        ),
        Topic(
            "Junge Menschen für das Ehrenamt gewinnen",
            {"en": "Getting young people involved in volunteering", "tr": "Gençleri gönüllülüğe kazandırmak",
             "ar": "كسب الشباب للعمل التطوعي"},
            "Wie finden Vereine Nachwuchs – und wie geben sie jungen Menschen wirklich Verantwortung?",
            "Junge Menschen engagieren sich, wenn sie eigene Projekte verantworten dürfen und ihr Einsatz anerkannt "
            "wird. Feste Vorstandsämter schrecken eher ab; kurze, klar umrissene Aufgaben funktionieren besser.",
            ("Formate, in denen Jugendliche eigene Projekte leiten", "Kooperationen mit Schulen und Jugendzentren",
             "Anerkennung des Engagements (Ehrenamtskarte, Nachweise)"),
            1.0,
        ),
        Topic(
            "Zusammenarbeit mit der Kommune",
            {"en": "Working with the local authority", "tr": "Belediye ile iş birliği", "ar": "التعاون مع البلدية"},
            "Integrationsbüro, Ausländerbeirat, Fachämter: Wer ist wofür zuständig, und wie werden Vereine zu "
            "Dialogpartnern der Verwaltung?",
            "Wo es feste Ansprechpersonen in der Verwaltung gibt, gelingt die Zusammenarbeit. Viele Vereine erleben "
            "aber wechselnde Zuständigkeiten und wünschen sich, bei Planungen früh gefragt zu werden.",
            ("feste Ansprechpersonen in der Verwaltung", "regelmäßige regionale Treffen mit Verwaltung und Politik",
             "Zugang zu städtischen Räumen zu fairen Bedingungen", "mehr Vielfalt in der Verwaltung selbst"),
            1.0,
        ),
        Topic(
            "Vereinsstrukturen und Satzung",
            {"en": "Association structures and statutes", "tr": "Dernek yapıları ve tüzük",
             "ar": "هياكل الجمعية والنظام الأساسي"},
            "Vorstand, Mitgliederversammlung, Gemeinnützigkeit: die Grundlagen eines eingetragenen Vereins.",
            "Viele Vereine stehen vor einem Generationswechsel im Vorstand. Unsicherheit gibt es bei "
            "Satzungsänderungen, Gemeinnützigkeit und Kassenprüfung.",
            ("Beratung zu Satzungsänderungen und Gemeinnützigkeit", "Schulung zu Kassenführung und Kassenprüfung",
             "Begleitung bei der Übergabe von Vorstandsämtern", "Mustersatzung mit Erläuterungen in mehreren Sprachen"),
            1.5,
        ),
        Topic(
            "Projektmanagement für Einsteigerinnen und Einsteiger",
            {"en": "Project management for beginners", "tr": "Yeni başlayanlar için proje yönetimi",
             "ar": "إدارة المشاريع للمبتدئين"},
            "Ziele, Zeitplan, Aufgaben: ein Projekt planen und im Team umsetzen.",
            "Projekte hängen oft an einer einzigen Person. Die Teilnehmenden wünschen sich einfache Werkzeuge, um "
            "Aufgaben zu verteilen, und mehr Planungssicherheit durch längere Förderzeiträume.",
            ("einfache Werkzeuge für Zeit- und Aufgabenplanung", "Planungssicherheit durch mehrjährige Förderung",
             "Tandems mit erfahrenen Projektträgern"),
            1.0,
        ),
        Topic(
            "Digitale Werkzeuge für die Vereinsarbeit",
            {"en": "Digital tools for association work", "tr": "Dernek çalışmaları için dijital araçlar",
             "ar": "أدوات رقمية لعمل الجمعيات"},
            "Online-Treffen, gemeinsame Dokumente, Mitgliederverwaltung – datenschutzfreundlich und kostenlos.",
            "Seit der Pandemie treffen sich viele Vereine auch online. Es fehlen aber Wissen über datenschutzkonforme "
            "Werkzeuge und oft auch Geräte und ein Internetzugang in den Vereinsräumen.",
            ("Einführung in Online-Treffen und gemeinsame Dokumente", "datenschutzkonforme Mitgliederverwaltung",
             "Geräte und Internetzugang für Vereinsräume"),
            0.8,
        ),
        Topic(
            "Frauen in Vereinsvorständen stärken",
            {"en": "Strengthening women on association boards", "tr": "Dernek yönetimlerinde kadınları güçlendirmek",
             "ar": "تعزيز دور النساء في مجالس إدارة الجمعيات"},
            "Erfahrungen von Frauen, die Vereine leiten – und was anderen den Schritt in den Vorstand erleichtert.",
            "Frauen tragen in vielen Vereinen die Arbeit, sind in den Vorständen aber seltener vertreten. Hilfreich "
            "sind Vorbilder, Mentoring und Sitzungszeiten, die sich mit Familie vereinbaren lassen.",
            ("Mentoring für Frauen in Vorstandsämtern", "Treffen zu familienfreundlichen Zeiten mit Kinderbetreuung",
             "Sichtbarkeit von Frauen in der Öffentlichkeitsarbeit"),
            0.9,
        ),
        Topic(
            "Interkulturelle Öffnung der Verwaltung",
            {"en": "Intercultural opening of public administration", "tr": "Kamu yönetiminin kültürlerarası açılımı",
             "ar": "الانفتاح الثقافي للإدارة العامة"},
            "Gemeinsam mit Gästen aus Integrationsbüros: Was Vereine beitragen können, damit Verwaltung alle erreicht.",
            "Mehrsprachige Informationen und Menschen mit Migrationsgeschichte in der Verwaltung erleichtern den "
            "Zugang. Vereine können Brücken bauen, wenn sie als Partner ernst genommen und für ihre Arbeit "
            "entschädigt werden.",
            ("mehrsprachige Informationen der Verwaltung", "Aufwandsentschädigung für Vereine als Brückenbauer",
             "Schulungen für Verwaltung und Vereine gemeinsam"),
            0.8,
        ),
    )
}  # fmt: skip

PLENARY = {
    "Begrüßung und Grußwort des Ministeriums": {
        "en": "Welcome and address by the ministry",
        "tr": "Açılış ve bakanlığın selamlama konuşması",
        "ar": "الترحيب وكلمة الوزارة",
    },
    "Impuls: Was Migrantenorganisationen in Hessen bewegen": {
        "en": "Keynote: What migrant organisations achieve in Hesse",
        "tr": "Açılış konuşması: Göçmen örgütlerinin Hessen'deki katkıları",
        "ar": "مداخلة: ما تحققه منظمات المهاجرين في هسن",
    },
    "Mittagessen und Markt der Möglichkeiten": {
        "en": "Lunch and marketplace of projects",
        "tr": "Öğle yemeği ve proje pazarı",
        "ar": "الغداء وسوق المشاريع",
    },
    "Ergebnisse der Workshops im Plenum und Übergabe an das Ministerium": {
        "en": "Workshop results presented to the plenary and handed over to the ministry",
        "tr": "Atölye sonuçlarının genel oturumda sunulması ve bakanlığa teslimi",
        "ar": "عرض نتائج ورش العمل في الجلسة العامة وتسليمها إلى الوزارة",
    },
}

REGIONAL_DESCRIPTION = (
    "Migrantenorganisationen, Integrationslotsinnen und -lotsen, Verwaltung und Politik aus der Region lernen sich "
    "kennen, berichten von ihren Projekten und verabreden Kooperationen. Mit aktuellen Informationen zu "
    "Förderaufrufen und Zeit für Fragen an das Kompetenzzentrum."
)
REGIONAL_DESCRIPTION_TRANSLATIONS = {
    "en": (
        "Migrant organisations, integration guides, administration and local politics from the region get to know "
        "each other, present their projects and agree on cooperation. With news on funding calls and time for "
        "questions to the centre."
    ),
    "tr": (
        "Bölgedeki göçmen örgütleri, uyum rehberleri, yönetim ve siyaset temsilcileri tanışıyor, projelerini "
        "anlatıyor ve iş birlikleri planlıyor. Güncel hibe çağrıları hakkında bilgiler de sunulacaktır."
    ),
}

CAFE_TITLE = "Vernetzungscafé online"
CAFE_TITLE_TRANSLATIONS = {
    "en": "Online networking café",
    "tr": "Çevrim içi tanışma kafesi",
    "ar": "مقهى التشبيك عبر الإنترنت",
}
CAFE_DESCRIPTION = (
    "Einmal im Monat treffen wir uns für anderthalb Stunden online: Zwei Vereine stellen sich und ihre Projekte "
    "vor, wir teilen Neuigkeiten zu Förderprogrammen und Fristen, und in kleinen Gruppen bleibt Zeit für Fragen und "
    "Austausch. Den Zugangslink sehen Sie nach der Anmeldung auf dieser Seite."
)
CAFE_DESCRIPTION_TRANSLATIONS = {
    "en": (
        "Once a month we meet online for an hour and a half: two associations present themselves and their projects, "
        "we share news on funding programmes and deadlines, and there is time for questions and exchange in small "
        "groups. You will see the link on this page once you have registered."
    ),
    "tr": (
        "Ayda bir kez bir buçuk saatliğine çevrim içi buluşuyoruz: İki dernek kendini ve projelerini tanıtıyor, hibe "
        "programları ve son başvuru tarihleri hakkında haberleri paylaşıyoruz; küçük gruplarda soru ve fikir "
        "alışverişine de zaman kalıyor. Bağlantıyı kayıttan sonra bu sayfada görebilirsiniz."
    ),
    "ar": (
        "نلتقي مرة كل شهر عبر الإنترنت لمدة ساعة ونصف: تعرّف جمعيتان بنفسيهما وبمشاريعهما، ونتبادل الأخبار حول برامج "
        "التمويل والمواعيد النهائية، ويبقى وقت للأسئلة وتبادل الخبرات في مجموعات صغيرة. سيظهر رابط المشاركة في هذه "
        "الصفحة بعد التسجيل."
    ),
}

TRAINING_TITLE = "Schulung: Projektanträge schreiben"
TRAINING_TITLE_TRANSLATIONS = {
    "en": "Training: Writing project proposals",
    "tr": "Eğitim: Proje başvurusu yazmak",
    "ar": "دورة تدريبية: كتابة طلبات المشاريع",
}
TRAINING_DESCRIPTION = (
    "Wie wird aus einer guten Idee ein überzeugender Antrag? In dieser Online-Schulung gehen wir Schritt für Schritt "
    "durch einen Projektantrag: Ausgangslage und Bedarf beschreiben, Ziele und Wirkungen formulieren, einen Zeit- und "
    "Finanzierungsplan aufstellen. Die Beispiele stammen aus dem Landesprogramm WIR (Mikroprojekte bis 5.000 Euro "
    "im Jahr). Bringen Sie gern eine eigene Projektidee mit."
)
TRAINING_DESCRIPTION_TRANSLATIONS = {
    "en": (
        "How does a good idea become a convincing proposal? In this online training we go through a project proposal "
        "step by step: describing the situation and the need, setting goals and intended effects, drawing up a "
        "schedule and a financial plan. The examples come from the state programme WIR (micro-projects up to "
        "5,000 euros a year). Feel free to bring your own project idea."
    ),
    "tr": (
        "İyi bir fikir nasıl ikna edici bir başvuruya dönüşür? Bu çevrim içi eğitimde bir proje başvurusunu adım adım "
        "ele alıyoruz: mevcut durumu ve ihtiyacı tanımlamak, hedefleri belirlemek, zaman ve finansman planı "
        "hazırlamak. Kendi proje fikrinizi de getirebilirsiniz."
    ),
    "ar": (
        "كيف تتحول فكرة جيدة إلى طلب مقنع؟ في هذه الدورة عبر الإنترنت نمرّ خطوة بخطوة على طلب مشروع: وصف الوضع "
        "والحاجة، وصياغة الأهداف والأثر المتوقع، ووضع خطة زمنية ومالية. يمكنكم إحضار فكرة مشروعكم الخاصة."
    ),
}

ACCESSIBILITY_NEEDS = [
    "Ich nutze einen Rollstuhl.",
    "Ich höre schlecht und brauche einen Platz vorne und die Induktionsschleife.",
    "Sehbehinderung: bitte die Unterlagen vorab digital schicken.",
    "Ich kann nicht lange stehen und brauche in den Pausen einen Sitzplatz.",
    "Meine Assistenz begleitet mich.",
]
CHILDCARE = ["ein Kind, 4 Jahre", "zwei Kinder, 3 und 7 Jahre", "ein Kind, 18 Monate", "drei Kinder von 2 bis 9 Jahren"]
DIETARY = ["vegetarisch", "vegan", "halal", "ohne Schweinefleisch", "glutenfrei", "laktosefrei", "Nussallergie"]

FEEDBACK_GOOD = [
    "Der Austausch mit anderen Vereinen aus ganz Hessen.",
    "Die Workshops waren praxisnah, ich nehme viele Ideen für unseren Verein mit.",
    "Sehr gute Organisation und eine freundliche Atmosphäre.",
    "Wir haben endlich Ansprechpersonen in der Verwaltung kennengelernt.",
    "Die Verdolmetschung ins Arabische hat mir sehr geholfen.",
    "Die Kinderbetreuung – ohne sie hätte ich nicht kommen können.",
    "Gute Mischung aus kurzen Vorträgen und Arbeit in kleinen Gruppen.",
    "Dass unsere Ergebnisse direkt dem Ministerium übergeben wurden.",
    "Die langen Pausen für Gespräche.",
    "The funding workshop was very practical and well explained.",
    "Farklı derneklerle tanışmak çok faydalıydı.",
]
FEEDBACK_IMPROVE = [
    "Mehr Zeit für die Workshops, neunzig Minuten sind zu kurz.",
    "Die Unterlagen vorher digital verschicken.",
    "Der Saal war zu warm und in den Pausen sehr laut.",
    "Weniger Vorträge am Vormittag, mehr Zeit zum Austausch.",
    "Die Dokumentation früher veröffentlichen.",
    "Einen Ort wählen, der mit Bus und Bahn besser erreichbar ist.",
    "Mehr Angebote am Wochenende – viele von uns arbeiten unter der Woche.",
    "Namensschilder mit dem Namen des Vereins.",
]
FEEDBACK_WISHES = [
    "Vereinsbuchhaltung und Steuern",
    "Anträge für Mikroprojekte Schritt für Schritt",
    "Social Media und Pressearbeit",
    "Datenschutz im Verein",
    "Wie gewinnen wir junge Leute für den Vorstand?",
    "Kontakte zu Schulen und Kitas",
    "Regelmäßige regionale Treffen, gern auch online",
    "Projektmanagement und Verwendungsnachweis",
    "Umgang mit Rassismus und Diskriminierung",
    "Räume für Vereinsaktivitäten finden",
]


# --- people ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone who registers, and the organisation they register for."""

    user: User
    organisation: Organisation | None

    @property
    def district_id(self) -> int | None:
        return self.organisation.district_id if self.organisation else None


def _ascii(text: str) -> str:
    text = text.replace("ı", "i").replace("ß", "ss").replace("ł", "l").replace(" ", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _extra_people(rng: random.Random, organisations: list[Organisation]) -> list[Person]:
    """Representatives of organisations (one or two per organisation), created in bulk if missing."""
    names: list[str] = []
    emails: list[str] = []
    while len(names) < EXTRA_PEOPLE:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"
        if email not in emails:
            names.append(f"{first} {last}")
            emails.append(email)
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo's people share one password
    new = [
        User(
            email=email,
            name=name,
            password=password,
            role=Role.MEMBER,
            preferred_language=rng.choice(LANGUAGES),
            spoken_languages=sorted({"de", *rng.sample(SPOKEN, rng.randint(1, 2))}),
            date_joined=timezone.now() - timedelta(days=rng.randint(760, 1100)),  # before the first event
        )
        for name, email in zip(names, emails, strict=True)
        if email not in existing
    ]
    User.objects.bulk_create(new)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    created = [users[user.email] for user in new]
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created
    )
    privacy = legal_document_current(kind="privacy")
    if privacy is not None:
        ConsentRecord.objects.bulk_create(ConsentRecord(user=user, document=privacy) for user in created)
    # The first ones represent an organisation each; the rest are a second person of an organisation.
    people = []
    for index, email in enumerate(emails):
        organisation = organisations[index % min(len(organisations), 110)] if organisations else None
        people.append(Person(users[email], organisation))
    Membership.objects.bulk_create(
        [
            Membership(organisation=p.organisation, user=p.user, role=Membership.Role.MEMBER)
            for p in people
            if p.organisation
        ],
        ignore_conflicts=True,
    )
    return people


# --- building events ----------------------------------------------------------------------------------------


@dataclass
class SessionSpec:
    kind: str
    title: str
    capacity: int | None = None
    room: str = ""
    speakers: str = ""
    description: str = ""


@dataclass
class SlotSpec:
    starts: str
    ends: str
    title: str
    sessions: list[SessionSpec] = field(default_factory=list)


def _workshop(title: str, capacity: int, room: str, speakers: str = "") -> SessionSpec:
    return SessionSpec(Session.Kind.WORKSHOP, title, capacity, room, speakers, TOPICS[title].description)


def _networking_programme(phase_1: Sequence[tuple[str, int]], phase_2: Sequence[tuple[str, int]]) -> list[SlotSpec]:
    rooms = ["Raum A", "Raum B", "Raum C", "Raum D"]
    moderators = [
        "Moderation: Selin Korkmaz und Jonas Becker", "Moderation: Reza Moradi", "Moderation: Ioana Stan",
        "Moderation: Grace Boateng", "Moderation: Piotr Mazur", "Moderation: Hodan Warsame",
    ]  # fmt: skip
    return [
        SlotSpec(
            "09:30", "10:30", "Ankommen und Begrüßung",
            [
                SessionSpec(Session.Kind.PLENARY, "Begrüßung und Grußwort des Ministeriums", room="Großer Saal",
                            speakers="Team des Kompetenzzentrums; Referat Integration des Ministeriums"),
                SessionSpec(Session.Kind.PLENARY, "Impuls: Was Migrantenorganisationen in Hessen bewegen",
                            room="Großer Saal", speakers="Dr. Nadia Farouk (Demo)",
                            description="Ein Blick auf zehn Jahre Engagement von Vereinen – und auf das, was sie "
                            "brauchen, um es dauerhaft leisten zu können."),
            ],
        ),
        SlotSpec(
            "10:45", "12:15", "Workshopphase 1",
            [_workshop(t, c, rooms[i], moderators[i]) for i, (t, c) in enumerate(phase_1)],
        ),
        SlotSpec(
            "12:15", "13:15", "Mittagspause",
            [SessionSpec(Session.Kind.BREAK, "Mittagessen und Markt der Möglichkeiten", room="Foyer")],
        ),
        SlotSpec(
            "13:15", "14:45", "Workshopphase 2",
            [_workshop(t, c, rooms[i], moderators[-1 - i]) for i, (t, c) in enumerate(phase_2)],
        ),
        SlotSpec(
            "15:00", "16:30", "Ergebnisse und Abschluss",
            [SessionSpec(Session.Kind.PLENARY, "Ergebnisse der Workshops im Plenum und Übergabe an das Ministerium",
                         room="Großer Saal",
                         description="Die Workshops stellen ihre Ergebnisse vor; anschließend übergeben wir sie dem "
                         "Ministerium und sprechen über die nächsten Schritte.")],
        ),
    ]  # fmt: skip


REGIONAL_PROGRAMME = [
    SlotSpec(
        "17:00", "17:30", "Ankommen und Begrüßung",
        [SessionSpec(Session.Kind.PLENARY, "Begrüßung und Vorstellungsrunde", room="Saal")],
    ),
    SlotSpec(
        "17:30", "18:45", "Austausch in Kleingruppen",
        [
            SessionSpec(Session.Kind.WORKSHOP, "Fördermöglichkeiten vor Ort", 15, "Raum 1",
                        description="Welche Mittel gibt es im Kreis und beim Land – und wer hilft beim Antrag?"),
            SessionSpec(Session.Kind.WORKSHOP, "Räume, Kooperationen, Ehrenamt", 15, "Raum 2",
                        description="Was Vereine einander bieten können: Räume, Wissen, helfende Hände."),
        ],
    ),
    SlotSpec(
        "18:45", "19:30", "Ergebnisse und Abschluss",
        [SessionSpec(Session.Kind.PLENARY, "Ergebnisse und Verabredungen", room="Saal")],
    ),
]  # fmt: skip
REGIONAL_WORKSHOPS = {
    "Fördermöglichkeiten vor Ort": {"en": "Local funding opportunities", "tr": "Yerel destek olanakları"},
    "Räume, Kooperationen, Ehrenamt": {
        "en": "Rooms, cooperation, volunteering",
        "tr": "Mekânlar, iş birlikleri, gönüllülük",
    },
    "Begrüßung und Vorstellungsrunde": {"en": "Welcome and introductions", "tr": "Açılış ve tanışma turu"},
    "Ergebnisse und Verabredungen": {"en": "Results and next steps", "tr": "Sonuçlar ve sonraki adımlar"},
}

TRAINING_PROGRAMME = [
    SlotSpec("17:00", "18:00", "", [SessionSpec(Session.Kind.PLENARY, "Grundlagen: Wie Förderer Anträge lesen",
                                                speakers="Mahsa Jafari (Demo)")]),
    SlotSpec("18:10", "19:20", "", [SessionSpec(Session.Kind.PLENARY, "Übung: Ziele und Wirkungen formulieren",
                                                description="In kleinen Gruppen an den eigenen Projektideen.")]),
    SlotSpec("19:20", "20:00", "", [SessionSpec(Session.Kind.PLENARY, "Kosten- und Finanzierungsplan, Fragen")]),
]  # fmt: skip


def _at(day: date, hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), timezone.get_default_timezone())


def _holiday(day: date) -> bool:
    """The Christmas holidays and the fixed public holidays: nobody holds a meeting then."""
    return (
        (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6) or (day.month, day.day) in {(5, 1), (10, 3)}
    )


def _on(day: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) on or after ``day``, moved by whole weeks out of holidays
    (later for a coming event, earlier for a past one)."""
    day += timedelta(days=(weekday - day.weekday()) % 7)
    step = timedelta(days=7 if day >= timezone.localdate() else -7)
    while _holiday(day):
        day += step
    return day


def _district_label(district: District) -> str:
    return f"Landkreis {district.name}" if district.kind == District.Kind.RURAL else district.name


class _Demo:
    def __init__(self, rng: random.Random, stdout: TextIO) -> None:
        self.rng = rng
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.slugs: set[str] = set(Event.objects.values_list("slug", flat=True))
        self.team = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
        self.events: list[Event] = []
        self.registrations = 0
        self.people: list[Person] = []
        self.by_email: dict[str, Person] = {}

    # --- people ---------------------------------------------------------------------------------------

    def load_people(self) -> None:
        verified = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        mos = list(verified.filter(kind=Organisation.Kind.MIGRANT).order_by("pk"))
        self.rng.shuffle(mos)
        extra = _extra_people(self.rng, mos)
        memberships = (
            Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}", organisation__status="verified")
            .select_related("organisation", "user")
            .order_by("user__email", "role", "pk")  # "admin" first: an organisation someone runs
        )
        own: dict[str, Person] = {}
        for membership in memberships:
            email = membership.user.email
            if email.startswith(("mitglied-", "kommune-")) and email not in own:
                own[email] = Person(membership.user, membership.organisation)
        demo_people = [own[email] for email in sorted(own)]
        self.people = [*demo_people, *extra]
        self.by_email = {person.user.email: person for person in self.people}

    def person(self, email: str) -> Person | None:
        return self.by_email.get(email)

    def admin_of(self, email: str) -> Person | None:
        membership = (
            Membership.objects.filter(
                user__email=email, role=Membership.Role.ADMIN, organisation__status=Organisation.Status.VERIFIED
            )
            .select_related("organisation__municipality__district", "user")
            .order_by("pk")
            .first()
        )
        return Person(membership.user, membership.organisation) if membership else None

    def pick(
        self,
        n: int,
        *,
        near: int | None = None,
        exclude: Sequence[Person] = (),
        among: Sequence[Person] | None = None,
        municipal: bool = False,
    ) -> list[Person]:
        """``n`` people at random (those from ``near`` district more likely), colleagues next to each other."""
        excluded = {p.user.pk for p in exclude}
        candidates = [
            p
            for p in (self.people if among is None else among)
            if p.user.pk not in excluded and (municipal or not p.user.email.startswith("kommune-"))
        ]
        keyed = sorted(
            candidates, key=lambda p: self.rng.random() ** (1 / (6.0 if near and p.district_id == near else 1.0))
        )
        chosen = keyed[-n:][::-1]
        order: dict[int | None, list[Person]] = {}
        for person in chosen:
            key = person.organisation.pk if person.organisation else None
            order.setdefault(key if key is not None else -person.user.pk, []).append(person)
        return [person for group in order.values() for person in group]

    # --- events -----------------------------------------------------------------------------------------

    def slug(self, title: str, starts_at: datetime) -> str:
        base = f"{slugify(title)[:70] or 'veranstaltung'}-{timezone.localtime(starts_at):%Y}"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def event(
        self,
        *,
        title: str,
        kind: str,
        day: date,
        starts: str,
        ends: str,
        published_days: int = 56,
        status: str = Event.Status.PUBLISHED,
        organiser: Person | None = None,
        municipality: Municipality | None = None,
        **fields: Any,
    ) -> Event:
        starts_at, ends_at = _at(day, starts), _at(day, ends)
        published_at = min(starts_at - timedelta(days=published_days), self.now - timedelta(days=3))
        event = Event.objects.create(
            slug=self.slug(title, starts_at),
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            organiser=organiser.organisation if organiser else None,
            created_by=organiser.user if organiser else self.team,
            municipality=municipality,
            district_id=municipality.district_id if municipality else None,
            status=status,
            published_at=published_at if status != Event.Status.DRAFT else None,
            reminder_sent_at=starts_at - timedelta(days=2) if ends_at < self.now else None,
            **fields,
        )
        Event.objects.filter(pk=event.pk).update(created_at=published_at - timedelta(days=self.rng.randint(2, 20)))
        event.published_at = published_at if status != Event.Status.DRAFT else None
        self.events.append(event)
        return event

    def programme(self, event: Event, slots: Sequence[SlotSpec]) -> list[tuple[TimeSlot, list[Session]]]:
        """The event's time slots and sessions; returns the slots that have workshops, with them."""
        day = timezone.localtime(event.starts_at).date()
        rows = TimeSlot.objects.bulk_create(
            TimeSlot(
                event=event,
                starts_at=_at(day, spec.starts),
                ends_at=_at(day, spec.ends),
                title=spec.title,
                title_translations=SLOT_TITLES.get(spec.title, {}),
            )
            for spec in slots
        )
        sessions = Session.objects.bulk_create(
            Session(
                event=event,
                slot=slot,
                kind=s.kind,
                title=s.title,
                title_translations=(
                    TOPICS[s.title].translations
                    if s.title in TOPICS
                    else PLENARY.get(s.title) or REGIONAL_WORKSHOPS.get(s.title, {})
                ),
                description=s.description,
                speakers=s.speakers,
                room=s.room,
                capacity=s.capacity if s.kind == Session.Kind.WORKSHOP else None,
                position=position,
            )
            for slot, spec in zip(rows, slots, strict=True)
            for position, s in enumerate(spec.sessions)
        )
        workshops: list[tuple[TimeSlot, list[Session]]] = []
        for slot in rows:
            in_slot = [s for s in sessions if s.slot_id == slot.pk and s.kind == Session.Kind.WORKSHOP]
            if in_slot:
                workshops.append((slot, in_slot))
        return workshops

    # --- registrations ------------------------------------------------------------------------------------

    def register(
        self,
        event: Event,
        people: Sequence[Person],
        *,
        confirmed: int,
        waiting: int = 0,
        offered: int = 0,
        cancelled: int = 0,
        workshops: Sequence[tuple[TimeSlot, list[Session]]] = (),
        present: float = 0.0,
        needs: float = 0.0,
        keep: Sequence[str] = (),
        choose: dict[str, dict[int, str]] | None = None,
    ) -> list[Registration]:
        """Registrations of ``people`` in this order: confirmed (some of them cancelled later), offered, waiting.

        ``keep``: emails of people who neither cancel nor miss the event; ``choose``: their workshops
        (slot index → title).
        """
        rng, now = self.rng, self.now
        assert len(people) == confirmed + cancelled + offered + waiting, event
        assert confirmed + offered <= event.capacity and (
            not (waiting or offered) or confirmed + offered == event.capacity
        )
        assert event.waiting_list_limit is None or waiting <= event.waiting_list_limit
        holders = list(people[: confirmed + cancelled])
        cancelling = set(rng.sample([p.user.pk for p in holders if p.user.email not in keep], cancelled))
        statuses = [Status.CANCELLED if p.user.pk in cancelling else Status.CONFIRMED for p in holders]
        statuses += [Status.OFFERED] * offered + [Status.WAITING] * waiting
        opened = event.registration_opens_at or event.published_at or event.starts_at - timedelta(days=42)
        closed = min(now - timedelta(hours=2), event.starts_at - timedelta(days=1))
        span = max((closed - opened).total_seconds(), 3600.0)
        # Most people register soon after the announcement, the rest in a long tail.
        moments = sorted(opened + timedelta(seconds=span * rng.random() ** 1.8) for _ in people)
        past = event.ends_at < now
        erase = past and event.ends_at + timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS) < now
        rows: list[Registration] = []
        previous: Registration | None = None
        for person, status, moment in zip(people, statuses, moments, strict=True):
            row = Registration(
                event=event,
                user=person.user,
                organisation=person.organisation,
                registered_by=person.user,
                status=status,
                created_at=moment,
            )
            colleague = (
                previous is not None
                and person.organisation is not None
                and previous.organisation_id == person.organisation.pk
                and previous.registered_by_id == previous.user_id
            )
            if colleague and previous is not None and rng.random() < 0.7:  # registered together with a colleague
                row.group, row.registered_by, row.created_at = previous.group, previous.user, previous.created_at
            else:
                row.group = uuid.uuid4()
                if not erase and rng.random() < needs:
                    self._needs(event, row)
            if status == Status.CONFIRMED:
                row.confirmed_at = row.created_at
                if past and event.is_on_site and (person.user.email in keep or rng.random() < present):
                    row.checked_in_at = event.starts_at + timedelta(minutes=rng.randint(-25, 50))
            elif status == Status.CANCELLED:
                row.confirmed_at = row.created_at
                row.cancelled_at = min(row.created_at + timedelta(days=rng.randint(1, 20)), closed)
                row.cancel_note = "cancelled"
            if erase:
                row.needs_erased_at = event.ends_at + timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS)
            rows.append(row)
            previous = row
        if offered:
            # The place became free when someone cancelled this morning; the offer runs for ``offer_hours``.
            freed_at = now - timedelta(hours=10)
            freed = max((r for r in rows if r.status == Status.CANCELLED), key=lambda r: r.created_at, default=None)
            if freed is not None:
                freed_at = max(freed_at, freed.created_at + timedelta(minutes=30))
                freed.cancelled_at = freed_at
            for row in rows:
                if row.status == Status.OFFERED:
                    row.offer_expires_at = min(freed_at + timedelta(hours=event.offer_hours), event.starts_at)
        Registration.objects.bulk_create(rows)
        self.registrations += len(rows)
        if workshops:
            self._choices(rows, workshops, choose or {})
        return rows

    def _needs(self, event: Event, row: Registration) -> None:
        rng = self.rng
        kinds = rng.sample(["interpreting", "accessibility", "childcare", "dietary", "dietary"], rng.choice([1, 1, 2]))
        if "interpreting" in kinds and event.interpreting:
            row.interpreting_language = rng.choice(event.interpreting)
        if event.is_on_site:
            if "accessibility" in kinds:
                row.accessibility_needs = rng.choice(ACCESSIBILITY_NEEDS)
            if "childcare" in kinds:
                row.childcare = rng.choice(CHILDCARE)
            if "dietary" in kinds:
                row.dietary_needs = rng.choice(DIETARY)

    def _choices(
        self,
        rows: list[Registration],
        workshops: Sequence[tuple[TimeSlot, list[Session]]],
        choose: dict[str, dict[int, str]],
    ) -> None:
        """Everyone chooses a workshop per slot; the confirmed get a seat while there is one, in order of registration."""
        rng = self.rng
        seated: Counter[int] = Counter()
        choices = []
        for row in sorted(rows, key=lambda r: (r.created_at, r.pk)):
            if row.status == Status.CANCELLED:
                continue
            wished = choose.get(row.user.email, {})
            for index, (slot, sessions) in enumerate(workshops):
                if index not in wished and rng.random() < 0.05:
                    continue  # no workshop chosen in this slot
                weights = [TOPICS[s.title].popularity if s.title in TOPICS else 1.0 for s in sessions]
                session = (
                    next((s for s in sessions if s.title == wished.get(index)), None)
                    or rng.choices(sessions, weights=weights)[0]
                )
                status = Seat.WAITING
                if row.status == Status.CONFIRMED:
                    if seated[session.pk] >= (session.capacity or 0) and index not in wished and rng.random() < 0.5:
                        # Full: half of the people take another workshop that still has places.
                        free = [s for s in sessions if seated[s.pk] < (s.capacity or 0)]
                        session = rng.choice(free) if free else session
                    if seated[session.pk] < (session.capacity or 0):
                        status = Seat.SEATED
                        seated[session.pk] += 1
                choices.append(
                    WorkshopChoice(
                        registration=row, session=session, slot=slot, status=status, created_at=row.created_at
                    )
                )
        WorkshopChoice.objects.bulk_create(choices)

    # --- documentation and feedback ---------------------------------------------------------------------------

    def feedback(self, event: Event, rows: Sequence[Registration], share: float) -> int:
        rng = self.rng
        present = [r for r in rows if r.status == Status.CONFIRMED and r.user.email != README_MEMBER]
        present = [r for r in present if r.checked_in_at or not event.is_on_site]
        answering = rng.sample(present, round(len(present) * share))
        responses = FeedbackResponse.objects.bulk_create(
            FeedbackResponse(event=event, registration=r, language=r.user.preferred_language) for r in answering
        )
        answers = []
        for response in responses:
            answers.append(
                FeedbackAnswer(
                    response=response, question="overall", rating=rng.choices([5, 4, 3, 2], [5, 6, 2, 0.5])[0]
                )
            )
            for key, pool, chance in (
                ("good", FEEDBACK_GOOD, 0.8),
                ("improve", FEEDBACK_IMPROVE, 0.55),
                ("wishes", FEEDBACK_WISHES, 0.7),
            ):
                if rng.random() < chance:
                    answers.append(FeedbackAnswer(response=response, question=key, text=rng.choice(pool)))
        FeedbackAnswer.objects.bulk_create(answers)
        FeedbackResponse.objects.filter(event=event).update(created_at=event.ends_at + timedelta(days=1, hours=3))
        return len(responses)

    def documentation(self, event: Event, *, summary: str, body: str, published: bool = True) -> None:
        Documentation.objects.create(
            event=event, summary=summary[:500], body=richtext.sanitise(body), published=published
        )


def _networking_documentation(
    town: str, participants: int, organisations: int, topics: Sequence[str], year: int
) -> tuple[str, str]:
    summary = (
        f"Beim Vernetzungstreffen {year} in {town} haben {participants} Vertreterinnen und Vertreter von "
        f"{organisations} Organisationen in {len(topics)} Workshops erarbeitet, was Migrantenorganisationen in Hessen "
        "brauchen. Die Ergebnisse wurden im Plenum vorgestellt und dem Ministerium übergeben."
    )
    parts = [
        f"<p>Am Vernetzungstreffen {year} in {town} nahmen {participants} Personen aus {organisations} Vereinen, "
        "Verbänden und Integrationsbüros teil. Nach der Begrüßung und einem Impuls zur Lage der "
        "Migrantenorganisationen in Hessen arbeiteten die Teilnehmenden in zwei Workshopphasen. Die Ergebnisse – "
        "vor allem die genannten <strong>Bedarfe</strong> – fließen in die Angebote des Kompetenzzentrums ein.</p>",
    ]
    for title in topics:
        topic = TOPICS[title]
        items = "".join(f"<li>{need}</li>" for need in topic.needs)
        parts.append(f"<h2>{title}</h2><p>{topic.result}</p><p>Genannte Bedarfe:</p><ul>{items}</ul>")
    parts.append(
        "<h2>Übergabe an das Ministerium</h2><p>Im Abschlussplenum haben Sprecherinnen und Sprecher der Workshops die "
        "Ergebnisse vorgestellt und dem Ministerium übergeben. Besonders oft genannt wurden Beratung zu Fördermitteln, "
        "feste Ansprechpersonen in den Kommunen und mehr Raum für regelmäßigen Austausch.</p>"
        "<blockquote><p>„Wir benötigen mehr Raum zum Austausch von Erfahrungen und Informationen – am liebsten "
        "regelmäßig und in unserer Region.“ (Stimme aus dem Plenum)</p></blockquote>"
        "<h2>Wie es weitergeht</h2><ul><li>Regionaltreffen in allen Teilen Hessens</li>"
        "<li>ein monatliches Vernetzungscafé online</li><li>Schulungen zu Projektanträgen und Öffentlichkeitsarbeit"
        "</li></ul>"
    )
    return summary, "".join(parts)


# --- loading ----------------------------------------------------------------------------------------------


def _towns() -> dict[str, Municipality]:
    wanted = [
        "Frankfurt am Main", "Wiesbaden", "Gießen", "Kassel", "Marburg", "Darmstadt", "Fulda", "Limburg a.d. Lahn",
        "Eschwege", "Wetzlar", "Hanau",
    ]  # fmt: skip
    found = {m.name: m for m in Municipality.objects.filter(name__in=wanted).select_related("district")}
    fallback = Municipality.objects.select_related("district").order_by("ags").first()
    assert fallback is not None  # load() checked that the regions are there
    return {name: found.get(name) or fallback for name in wanted}


def load(stdout: TextIO) -> None:
    if Event.objects.exists():
        stdout.write("Demo events: events exist already, nothing added.\n")
        return
    if not Municipality.objects.exists() or not Organisation.objects.exists():
        stdout.write("Demo events skipped: import the regions and load the demo directory first.\n")
        return
    demo = _Demo(random.Random(SEED), stdout)
    demo.load_people()
    towns = _towns()
    _networking(demo, towns)
    _regional(demo, towns)
    _online(demo)
    _others(demo, towns)
    districts = {e.district_id for e in demo.events if e.kind == Kind.REGIONAL and e.status == Event.Status.PUBLISHED}
    stdout.write(
        f"Demo events: {len(demo.events)} events ({len(districts)} districts with regional meetings), "
        f"{demo.registrations} registrations; {README_MEMBER} is registered for the coming Vernetzungstreffen.\n"
    )


def _networking(demo: _Demo, towns: dict[str, Municipality]) -> None:
    """The Vernetzungstreffen of the last two years (documented) and this year's, in about five weeks."""
    rng, today = demo.rng, demo.today
    coming = _on(today + timedelta(days=35), 5)  # a Saturday
    member = demo.person(README_MEMBER)
    common: dict[str, Any] = {
        "title": NETWORKING_TITLE,
        "title_translations": NETWORKING_TITLE_TRANSLATIONS,
        "description": NETWORKING_DESCRIPTION,
        "description_translations": NETWORKING_DESCRIPTION_TRANSLATIONS,
        "kind": Kind.NETWORKING,
        "starts": "09:30",
        "ends": "16:30",
        "published_days": 70,
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "quiet_room": True,
        "accessibility_notes": "Alle Räume sind stufenlos erreichbar; ein Ruheraum und eine Kinderbetreuung sind vorhanden.",
        "languages": ["de"],
        "interpreting": ["ar", "fa", "tr"],
        "capacity": 60,
        "waiting_list_limit": 30,
        "promotion": Event.Promotion.CONFIRM,
    }
    past = [
        (
            _on(coming - timedelta(days=728), 5), towns["Frankfurt am Main"], "Saalbau am Mainufer", "Gutleutstraße 150", "60327",
            [("Fördermittel erfolgreich beantragen", 18), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Zusammenarbeit mit der Kommune", 15)],
            [("Vereinsstrukturen und Satzung", 20), ("Projektmanagement für Einsteigerinnen und Einsteiger", 20),
             ("Frauen in Vereinsvorständen stärken", 20)],
            54, 3,
        ),
        (
            _on(coming - timedelta(days=364), 5), towns["Wiesbaden"], "Bürgerhaus am Schlosspark", "Schlossparkstraße 20", "65189",
            [("Fördermittel erfolgreich beantragen", 20), ("Zusammenarbeit mit der Kommune", 20),
             ("Digitale Werkzeuge für die Vereinsarbeit", 20)],
            [("Vereinsstrukturen und Satzung", 15), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Interkulturelle Öffnung der Verwaltung", 15)],
            57, 2,
        ),
    ]  # fmt: skip
    for index, (day, town, venue, street, postcode, phase_1, phase_2, confirmed, cancelled) in enumerate(past):
        event = demo.event(day=day, municipality=town, venue_name=venue, street=street, postcode=postcode, **common)
        workshops = demo.programme(event, _networking_programme(phase_1, phase_2))
        last_year = index == len(past) - 1
        municipal = demo.pick(
            2,
            near=town.district_id,
            among=[p for p in demo.people if p.user.email.startswith("kommune-")],
            municipal=True,
        )
        people = demo.pick(
            confirmed + cancelled - len(municipal) - (1 if last_year and member else 0),
            exclude=[*municipal, *([member] if member else [])],
        )
        people = [*people[:6], *municipal, *people[6:]]
        if last_year and member:
            people.insert(9, member)  # the README member was there (and has not given feedback yet)
        rows = demo.register(
            event, people, confirmed=confirmed, cancelled=cancelled, workshops=workshops, present=0.9,
            keep=[README_MEMBER],
        )  # fmt: skip
        present = [r for r in rows if r.checked_in_at]
        organisations = len({r.organisation_id for r in present if r.organisation_id})
        topics = [title for title, _capacity in [*phase_1, *phase_2]]
        summary, body = _networking_documentation(town.name, len(present), organisations, topics, day.year)
        demo.documentation(event, summary=summary, body=body)
        demo.feedback(event, rows, share=rng.uniform(0.4, 0.55))

    # This year's: registration open, a few places left, popular workshops full with people waiting for them.
    event = demo.event(
        day=coming, municipality=towns["Gießen"], venue_name="Tagungshaus am Lahnufer", street="Uferweg 4",
        postcode="35390", registration_closes_at=_at(coming - timedelta(days=7), "23:59"), **common,
    )  # fmt: skip
    workshops = demo.programme(
        event,
        _networking_programme(
            [("Fördermittel erfolgreich beantragen", 15), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Zusammenarbeit mit der Kommune", 15)],
            [("Vereinsstrukturen und Satzung", 20), ("Projektmanagement für Einsteigerinnen und Einsteiger", 15),
             ("Digitale Werkzeuge für die Vereinsarbeit", 12), ("Frauen in Vereinsvorständen stärken", 15)],
        ),
    )  # fmt: skip
    municipal = demo.pick(2, among=[p for p in demo.people if p.user.email.startswith("kommune-")], municipal=True)
    people = demo.pick(58 - 2 - (1 if member else 0), exclude=[*municipal, *([member] if member else [])])
    people = [*people[:10], *municipal, *people[10:]]
    if member:
        people.insert(4, member)
    demo.register(
        event, people, confirmed=56, cancelled=2, workshops=workshops, needs=0.3, keep=[README_MEMBER],
        choose={README_MEMBER: {0: "Fördermittel erfolgreich beantragen", 1: "Vereinsstrukturen und Satzung"}},
    )  # fmt: skip
    if member:
        Registration.objects.filter(event=event, user=member.user).update(dietary_needs="vegetarisch")


def _regional(demo: _Demo, towns: dict[str, Municipality]) -> None:
    today = demo.today
    member = demo.person(README_MEMBER)
    with_member = [member] if member else []
    regional: dict[str, Any] = {
        "kind": Kind.REGIONAL,
        "description": REGIONAL_DESCRIPTION,
        "description_translations": REGIONAL_DESCRIPTION_TRANSLATIONS,
        "languages": ["de"],
        "step_free_access": True,
        "accessible_toilet": True,
    }

    # Before today: Main-Kinzig (documentation still a draft), Nordhessen (documented), Westhessen last week.
    hanau = towns["Hanau"]
    event = demo.event(
        title="Regionaltreffen Main-Kinzig", title_translations={"en": "Regional meeting Main-Kinzig"},
        day=_on(today - timedelta(days=150), 2), starts="17:00", ends="19:30", municipality=hanau,
        venue_name="Kulturforum am Freiheitsplatz", street="Freiheitsplatz 18", postcode="63450", capacity=35,
        waiting_list_limit=10, **regional,
    )  # fmt: skip
    rows = demo.register(event, demo.pick(24, near=hanau.district_id), confirmed=22, cancelled=2, present=0.85)
    demo.documentation(
        event, published=False, summary="Stichpunkte aus dem Regionaltreffen; die Dokumentation wird noch ergänzt.",
        body="<p>Themen: gemeinsame Nutzung von Räumen, ein Vereinsfest im Sommer, Kontakte zum Jugendamt.</p>",
    )  # fmt: skip
    demo.feedback(event, rows, share=0.3)

    kassel = towns["Kassel"]
    day = _on(today - timedelta(days=75), 3)
    event = demo.event(
        title="Regionaltreffen Nordhessen",
        title_translations={"en": "Regional meeting North Hesse", "tr": "Kuzey Hessen Bölge Buluşması",
                            "ar": "اللقاء الإقليمي لشمال هسن"},
        day=day, starts="17:00", ends="19:30", municipality=kassel, venue_name="Stadtteilzentrum Nordstadt",
        street="Holländische Straße 88", postcode="34127", capacity=40, waiting_list_limit=15, hearing_loop=True,
        **regional,
    )  # fmt: skip
    workshops = demo.programme(event, REGIONAL_PROGRAMME)
    rows = demo.register(
        event, demo.pick(30, near=kassel.district_id), confirmed=28, cancelled=2, workshops=workshops, present=0.88
    )
    demo.documentation(
        event,
        summary=f"{sum(1 for r in rows if r.checked_in_at)} Vertreterinnen und Vertreter aus Kassel und den "
        "nordhessischen Landkreisen haben Fördermöglichkeiten und gemeinsame Projekte besprochen.",
        body="<p>Beim Regionaltreffen Nordhessen ging es um Förderung vor Ort und um Kooperationen.</p>"
        "<h2>Fördermöglichkeiten vor Ort</h2><p>Viele Vereine kannten die Mikroprojekte im Landesprogramm WIR "
        "nicht. Das WIR-Vielfaltszentrum bietet eine Sprechstunde an.</p><ul><li>Sprechstunde zu Anträgen</li>"
        "<li>Übersicht über Förderfristen im Kreis</li></ul><h2>Räume, Kooperationen, Ehrenamt</h2><p>Drei Vereine "
        "teilen sich künftig einen Raum im Stadtteilzentrum.</p><ul><li>Raumbörse für Vereine</li>"
        "<li>gemeinsames Sommerfest</li></ul>",
    )
    demo.feedback(event, rows, share=0.35)

    limburg = towns["Limburg a.d. Lahn"]
    event = demo.event(
        title="Regionaltreffen Westhessen", day=_on(today - timedelta(days=9), 5), starts="10:00", ends="13:00",
        municipality=limburg, venue_name="Haus der Vereine", street="Schiede 12", postcode="65549", capacity=30,
        waiting_list_limit=10, interpreting=["ar"], **regional,
    )  # fmt: skip
    rows = demo.register(
        event, demo.pick(21, near=limburg.district_id), confirmed=20, cancelled=1, present=0.9, needs=0.25
    )
    demo.feedback(event, rows, share=0.25)

    past_host = demo.admin_of(f"mitglied-12@{DEMO_DOMAIN}")
    if past_host and past_host.organisation and past_host.organisation.municipality:
        town = past_host.organisation.municipality
        event = demo.event(
            title=f"Vereinsforum {town.name.split(' (')[0]}", day=_on(today - timedelta(days=40), 5),
            starts="14:00", ends="17:00", organiser=past_host, municipality=town,
            venue_name=f"Vereinsräume ({past_host.organisation.name})", capacity=25, waiting_list_limit=5,
            **regional,
        )  # fmt: skip
        demo.register(event, demo.pick(17, near=town.district_id, exclude=[past_host]), confirmed=16, cancelled=1,
                      present=0.8)  # fmt: skip

    # After today. Mittelhessen is full, the README member waits (second on the waiting list).
    marburg = towns["Marburg"]
    event = demo.event(
        title="Regionaltreffen Mittelhessen",
        title_translations={"en": "Regional meeting Central Hesse", "tr": "Orta Hessen Bölge Buluşması",
                            "ar": "اللقاء الإقليمي لوسط هسن"},
        day=_on(today + timedelta(days=12), 2), starts="17:00", ends="19:30", municipality=marburg,
        venue_name="Bürgerhaus Weidenhausen", street="Weidenhäuser Straße 40", postcode="35037", capacity=25,
        waiting_list_limit=8, interpreting=["fa"], published_days=35, **regional,
    )  # fmt: skip
    workshops = demo.programme(event, REGIONAL_PROGRAMME)
    people = demo.pick(25 + 1 + 5 - len(with_member), near=marburg.district_id, exclude=with_member)
    people[27:27] = with_member
    demo.register(
        event, people, confirmed=25, cancelled=1, waiting=5, workshops=workshops, needs=0.25, keep=[README_MEMBER]
    )

    # Südhessen offers freed places with a deadline; the README member has been offered one.
    darmstadt = towns["Darmstadt"]
    event = demo.event(
        title="Regionaltreffen Südhessen", title_translations={"en": "Regional meeting South Hesse"},
        day=_on(today + timedelta(days=19), 3), starts="17:30", ends="20:00", municipality=darmstadt,
        venue_name="Stadtteilhaus Kranichstein", street="Grundstraße 10", postcode="64289", capacity=20,
        promotion=Event.Promotion.OFFER, offer_hours=48, published_days=40, **regional,
    )  # fmt: skip
    people = demo.pick(19 + 2 + 1 + 4 - len(with_member), near=darmstadt.district_id, exclude=with_member)
    people[21:21] = with_member
    demo.register(event, people, confirmed=19, cancelled=2, offered=1, waiting=4, needs=0.2, keep=[README_MEMBER])

    # Organised by demo organisations (their admins are demo accounts).
    host = demo.admin_of(f"mitglied-10@{DEMO_DOMAIN}")
    if host and host.organisation and host.organisation.municipality:
        town = host.organisation.municipality
        label = _district_label(town.district)
        event = demo.event(
            title=f"Regionaltreffen {label}: Vereine und Kommune im Gespräch",
            day=_on(today + timedelta(days=26), 1), starts="18:00", ends="20:30", organiser=host,
            municipality=town, venue_name=f"Vereinsräume ({host.organisation.name})", capacity=30,
            waiting_list_limit=10, published_days=21, **regional,
        )  # fmt: skip
        municipal = [p for p in demo.people if p.user.email == f"kommune-{town.district.ags}@{DEMO_DOMAIN}"]
        people = demo.pick(12, near=town.district_id, exclude=[host, *with_member, *municipal])
        demo.register(event, [*municipal, *people], confirmed=12 + len(municipal), needs=0.3)

    members_host = demo.admin_of(f"mitglied-11@{DEMO_DOMAIN}")
    if members_host and members_host.organisation and members_host.organisation.municipality:
        town = members_host.organisation.municipality
        event = demo.event(
            title=f"Austausch der Vereinsvorstände in {town.name.split(' (')[0]}",
            day=_on(today + timedelta(days=30), 5), starts="11:00", ends="14:00", organiser=members_host,
            municipality=town, venue_name="Gemeinschaftsraum der Stadtteilbibliothek", capacity=20,
            waiting_list_limit=5, audience=Event.Audience.MEMBERS, published_days=20,
            **{**regional, "description": "Ein Treffen nur für Mitglieder der Plattform: Vorstände von Vereinen "
               "tauschen sich über Satzung, Kassenführung und die Suche nach Nachwuchs aus.",
               "description_translations": {}},
        )  # fmt: skip
        demo.register(event, demo.pick(8, near=town.district_id, exclude=[members_host]), confirmed=8, needs=0.2)

    _invited(demo, regional)

    # Osthessen: announced, registration opens next week.
    fulda = towns["Fulda"]
    day = _on(today + timedelta(days=63), 5)
    demo.event(
        title="Regionaltreffen Osthessen", title_translations={"en": "Regional meeting East Hesse"}, day=day,
        starts="10:00", ends="14:00", municipality=fulda, venue_name="Kulturzentrum Kreuz", street="Kronhofstraße 5",
        postcode="36037", capacity=40, waiting_list_limit=20, published_days=14,
        registration_opens_at=timezone.now() + timedelta(days=7), **regional,
    )  # fmt: skip


def _invited(demo: _Demo, regional: dict[str, Any]) -> None:
    """A round table for invited organisations, organised by a municipal integration office."""
    offices = (
        Membership.objects.filter(
            user__email__startswith="kommune-", role=Membership.Role.ADMIN, organisation__status="verified",
            organisation__name__startswith="Integrationsbüro der Stadt",
        )
        .select_related("user", "organisation__municipality__district")
        .order_by("organisation__district__ags")
    )  # fmt: skip
    best: tuple[int, Membership] | None = None
    for office in offices:
        count = sum(1 for p in demo.people if p.district_id == office.organisation.district_id)
        if best is None or count > best[0]:
            best = (count, office)
    if best is None or best[1].organisation.municipality is None:
        return
    office = best[1]
    host = Person(office.user, office.organisation)
    town = office.organisation.municipality
    assert town is not None
    invited = list(
        Organisation.objects.filter(
            district_id=town.district_id, status=Organisation.Status.VERIFIED, kind=Organisation.Kind.MIGRANT
        ).order_by("pk")[:14]
    )
    event = demo.event(
        title=f"Runder Tisch: Migrantenorganisationen und Stadtverwaltung {town.name}",
        day=_on(demo.today + timedelta(days=45), 3), starts="18:00", ends="20:00", organiser=host,
        municipality=town, venue_name="Rathaus, Sitzungssaal 2", capacity=25, waiting_list_limit=0,
        audience=Event.Audience.INVITED, published_days=30,
        **{**regional, "description": "Die Stadtverwaltung lädt die Migrantenorganisationen der Stadt ein, gemeinsam "
           "über Räume, Förderung und die Zusammenarbeit im kommenden Jahr zu sprechen. Nur für eingeladene "
           "Organisationen.", "description_translations": {}},
    )  # fmt: skip
    event.invited_organisations.set(invited)
    ids = {o.pk for o in invited}
    among = [p for p in demo.people if p.organisation and p.organisation.pk in ids]
    people = demo.pick(min(len(among), 9), among=among)
    if people:
        demo.register(event, people, confirmed=len(people), needs=0.2)


def _online(demo: _Demo) -> None:
    """The monthly Vernetzungscafé (one before today, three after) and an online training."""
    today = demo.today
    cafe: dict[str, Any] = {
        "title": CAFE_TITLE,
        "title_translations": CAFE_TITLE_TRANSLATIONS,
        "description": CAFE_DESCRIPTION,
        "description_translations": CAFE_DESCRIPTION_TRANSLATIONS,
        "kind": Kind.ONLINE,
        "is_online": True,
        "starts": "18:30",
        "ends": "20:00",
        "capacity": 40,
        "waiting_list_limit": None,
        "languages": ["de", "en"],
        "published_days": 28,
    }
    coming = [_on(today + timedelta(days=6), 2)]  # Wednesdays, four weeks apart (or more, around the holidays)
    while len(coming) < 3:
        coming.append(_on(coming[-1] + timedelta(days=28), 2))
    for day, registered in zip([_on(today - timedelta(days=24), 2), *coming], (17, 14, 7, 3), strict=True):
        event = demo.event(
            day=day, online_url=f"https://meet.example.org/vielfalt-vernetzungscafe-{day:%Y-%m-%d}", **cafe
        )
        rows = demo.register(event, demo.pick(registered, municipal=True), confirmed=registered - 1, cancelled=1)
        if day < today:
            demo.feedback(event, rows, share=0.3)

    day = _on(today + timedelta(days=16), 1)
    event = demo.event(
        title=TRAINING_TITLE, title_translations=TRAINING_TITLE_TRANSLATIONS, description=TRAINING_DESCRIPTION,
        description_translations=TRAINING_DESCRIPTION_TRANSLATIONS, kind=Kind.TRAINING, day=day, starts="17:00",
        ends="20:00", is_online=True, online_url="https://meet.example.org/vielfalt-schulung-projektantraege",
        capacity=20, waiting_list_limit=10, languages=["de"], published_days=30,
        registration_closes_at=_at(day - timedelta(days=2), "12:00"),
    )  # fmt: skip
    demo.programme(event, TRAINING_PROGRAMME)
    demo.register(event, demo.pick(18), confirmed=17, cancelled=1)


def _others(demo: _Demo, towns: dict[str, Municipality]) -> None:
    """A draft and a cancelled event."""
    today = demo.today
    demo.event(
        title="Regionaltreffen Werra-Meißner", kind=Kind.REGIONAL, day=_on(today + timedelta(days=80), 2),
        starts="17:00", ends="19:30", municipality=towns["Eschwege"], venue_name="Mehrgenerationenhaus",
        capacity=30, status=Event.Status.DRAFT, description="Entwurf: Ort und Programm werden noch abgestimmt.",
    )  # fmt: skip
    wetzlar = towns["Wetzlar"]
    event = demo.event(
        title="Workshop: Social Media für Vereine", kind=Kind.WORKSHOP, day=_on(today + timedelta(days=10), 5),
        starts="10:00", ends="15:00", municipality=wetzlar, venue_name="Volkshochschule, Raum 104",
        street="Bahnhofstraße 9", postcode="35578", capacity=16, waiting_list_limit=5, status=Event.Status.CANCELLED,
        cancel_reason="Die Referentin ist erkrankt. Wir holen den Workshop im Frühjahr nach und informieren alle "
        "Angemeldeten über den neuen Termin.",
        description="Instagram, Facebook, WhatsApp-Kanäle: Wie erreichen Vereine mit wenig Zeit viele Menschen? "
        "Mit Übungen am eigenen Smartphone.", languages=["de"], step_free_access=True, published_days=30,
    )  # fmt: skip
    demo.register(event, demo.pick(9, near=wetzlar.district_id), confirmed=9)
