"""Demo news: fourteen posts and press releases of the past year, written in the centre's voice.

Everything is invented: no real person is named, quotes are attributed to "the team". Some posts carry
translations (a visitor in Arabic, Turkish, Ukrainian … sees them in their language, the rest falls back
to German), some an illustration drawn here with Pillow (no file ships with the code) and its description.
Idempotent: a post whose title exists already is left as it is.
"""

from __future__ import annotations

import io
import math
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.news import services
from vielfalt.news.models import Post
from vielfalt.news.services import PostInput
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District


@dataclass(frozen=True)
class DemoPost:
    # Negative: a post scheduled for that many days from now (the team sees it as planned).
    days_ago: int
    kind: str
    title: str
    teaser: str
    body: str
    topics: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # AGS
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {code: text}
    image: str = ""  # "ring", "bars" or "dots": which illustration to draw
    image_alt: str = ""
    image_alt_translations: dict[str, str] = field(default_factory=dict)


N, P = Post.Kind.NEWS, Post.Kind.PRESS

POSTS = [
    DemoPost(
        days_ago=350,
        kind=P,
        title="Kompetenzzentrum Vielfalt startet Vernetzungsplattform für Migrantenorganisationen",
        teaser=(
            "Vereine, WIR-Lotsen-Träger, WIR-Vielfaltszentren und Kommunen in ganz Hessen finden sich ab heute auf "
            "einer gemeinsamen Plattform – in sieben Sprachen."
        ),
        body=(
            "<p>Mit der neuen Vernetzungsplattform erfüllt das Kompetenzzentrum Vielfalt Hessen einen Wunsch, den "
            "Migrantenorganisationen auf dem hessenweiten Vernetzungstreffen immer wieder geäußert haben: mehr Raum "
            "für Austausch von Erfahrungen und Informationen.</p>"
            "<h2>Was die Plattform bietet</h2>"
            "<ul><li>ein Verzeichnis der Migrantenorganisationen, WIR-Lotsen-Träger und kommunalen Ansprechpersonen,</li>"
            "<li>Veranstaltungen mit Anmeldung und Warteliste,</li>"
            "<li>Schulungen und Qualifizierung mit Zertifikat,</li>"
            "<li>Beratung und Prozessbegleitung sowie Gruppen für den Austausch.</li></ul>"
            "<p>„Die Plattform ist kein Ersatz für das persönliche Treffen, aber sie hält die Kontakte zwischen den "
            "Treffen lebendig“, sagt das Team des Kompetenzzentrums.</p>"
            "<p>Die Plattform ist in Deutsch, Englisch, Türkisch, Arabisch, Farsi, Russisch und Ukrainisch nutzbar, "
            "dazu gibt es Informationen in Leichter Sprache.</p>"
        ),
        topics=("demokratie-teilhabe",),
        translations={
            "title": {
                "en": "Kompetenzzentrum Vielfalt launches a networking platform for migrant organisations",
                "tr": "Kompetenzzentrum Vielfalt, göçmen örgütleri için ağ platformunu başlattı",
                "ar": "مركز الكفاءات «Vielfalt» يطلق منصة التواصل والتشبيك لمنظمات المهاجرين",
                "fa": "مرکز تخصصی «Vielfalt» پلتفرم شبکه‌سازی برای سازمان‌های مهاجران را راه‌اندازی کرد",
                "ru": "Центр компетенций «Vielfalt» запускает платформу для нетворкинга организаций мигрантов",
                "uk": "Центр компетенцій «Vielfalt» запускає платформу для нетворкінгу організацій мігрантів",
            },
            "teaser": {
                "en": "From today, associations, WIR guide organisations, WIR diversity centres and municipalities "
                "across Hesse meet on one shared platform – in seven languages.",
                "tr": "Hessen genelindeki dernekler, WIR rehber kuruluşları, WIR çeşitlilik merkezleri ve belediyeler "
                "bugünden itibaren ortak bir platformda buluşuyor – yedi dilde.",
                "ar": "اعتبارًا من اليوم تلتقي الجمعيات والجهات الحاملة لمرشدي WIR ومراكز التنوع WIR والبلديات في "
                "جميع أنحاء هسن على منصة مشتركة – بسبع لغات.",
                "fa": "از امروز انجمن‌ها، نهادهای راهنمایان WIR، مراکز تنوع WIR و شهرداری‌ها در سراسر هسن در یک "
                "پلتفرم مشترک به هم می‌رسند – به هفت زبان.",
                "ru": "С сегодняшнего дня объединения, организации лоцманов WIR, центры многообразия WIR и "
                "муниципалитеты всей Гессен встречаются на общей платформе – на семи языках.",
                "uk": "Відтепер об’єднання, організації лоцманів WIR, центри різноманіття WIR і громади всього "
                "Гессену зустрічаються на спільній платформі – сімома мовами.",
            },
            "body": {
                "en": "<p>The new platform answers a wish that migrant organisations have voiced again and again at "
                "the Hesse-wide networking meeting: more room to share experience and information.</p>"
                "<p>It offers a directory, events with registration, trainings with certificates, counselling "
                "and groups for exchange – in seven languages and in Easy Language.</p>",
                "ar": "<p>تلبي المنصة الجديدة رغبة عبّرت عنها منظمات المهاجرين مرارًا في لقاء التشبيك على مستوى "
                "هسن: مساحة أكبر لتبادل الخبرات والمعلومات.</p>"
                "<p>تقدم دليلًا للمنظمات وفعاليات مع التسجيل ودورات تدريبية بشهادات واستشارات ومجموعات للتبادل – "
                "بسبع لغات وبلغة مبسطة.</p>",
            },
        },
        image="ring",
        image_alt="Illustration: bunte Kreise in einem Ring, durch Linien miteinander verbunden",
        image_alt_translations={
            "en": "Illustration: colourful circles in a ring, connected by lines",
            "ar": "رسم توضيحي: دوائر ملونة في حلقة، متصلة بخطوط",
        },
    ),
    DemoPost(
        days_ago=320,
        kind=N,
        title="Neue Schulungsreihe: Projektanträge Schritt für Schritt",
        teaser="Vier Abende, ein fertiger Antrag: Die Reihe begleitet Vereine vom ersten Einfall bis zum Finanzplan.",
        body=(
            "<p>Viele Vereine haben gute Ideen, aber wenig Zeit für Formulare. In der neuen Schulungsreihe arbeiten "
            "die Teilnehmenden an ihrem eigenen Vorhaben: Ziele und Zielgruppen, Zeitplan, Finanzplan und die "
            "Sprache, die Fördergeber erwarten.</p><h2>Termine</h2>"
            "<p>Die Abende finden online statt; Anmeldung über die Seite Qualifizierung.</p>"
        ),
        topics=("bildung",),
        translations={
            "title": {
                "tr": "Yeni eğitim dizisi: Adım adım proje başvurusu",
                "uk": "Нова серія навчань: проєктна заявка крок за кроком",
            },
            "teaser": {
                "tr": "Dört akşam, hazır bir başvuru: Dizi, dernekleri ilk fikirden finansman planına kadar "
                "destekliyor.",
                "uk": "Чотири вечори – готова заявка: серія супроводжує об’єднання від першої ідеї до фінансового "
                "плану.",
            },
        },
        image="bars",
        image_alt="Illustration: vier ansteigende Balken, die für vier Schulungsabende stehen",
    ),
    DemoPost(
        days_ago=290,
        kind=N,
        title="Mikroprojekte im Landesprogramm WIR: Antragsfrist 31. Dezember",
        teaser="Wer im nächsten Jahr ein Mikroprojekt mit bis zu 5.000 Euro umsetzen möchte, reicht den Antrag bis "
        "zum 31. Dezember ein.",
        body=(
            "<p>Das Landesprogramm WIR fördert Mikroprojekte von Migrantenorganisationen mit bis zu 5.000 Euro im "
            "Jahr. Anträge für das kommende Jahr sind bis zum <strong>31. Dezember</strong> einzureichen.</p>"
            "<p>Unsere Beratung hilft beim Antrag; Termine können Sie über die Plattform anfragen. Für "
            "Qualifizierungsmaßnahmen gilt eine eigene Frist: vier Wochen vor ihrem Beginn.</p>"
        ),
        topics=("demokratie-teilhabe",),
        translations={
            "title": {
                "ar": "المشاريع الصغيرة في برنامج WIR: آخر موعد لتقديم الطلبات 31 ديسمبر",
                "ru": "Микропроекты в программе WIR: срок подачи заявок – 31 декабря",
            },
            "teaser": {
                "ar": "من يريد تنفيذ مشروع صغير في العام المقبل بمبلغ يصل إلى 5000 يورو، يقدم طلبه حتى 31 ديسمبر.",
                "ru": "Кто хочет в следующем году реализовать микропроект до 5000 евро, подаёт заявку до 31 декабря.",
            },
        },
    ),
    DemoPost(
        days_ago=260,
        kind=P,
        title="Hessenweites Vernetzungstreffen: 55 Vertreterinnen und Vertreter aus 42 Vereinen",
        teaser="In Workshops sammelten die Teilnehmenden, was ihre Vereine brauchen – die Ergebnisse gingen an das "
        "Ministerium.",
        body=(
            "<p>Rund 55 Vertreterinnen und Vertreter aus 42 Migrantenorganisationen kamen zum hessenweiten "
            "Vernetzungstreffen nach Frankfurt am Main. Nach Impulsvorträgen arbeiteten sie in parallelen "
            "Workshops zu Fördermitteln, Öffentlichkeitsarbeit und Vereinsstrukturen.</p>"
            "<h2>Die wichtigsten Bedarfe</h2>"
            "<ol><li>Wissen zu Fördermitteln und Projektmanagement, um Planungssicherheit zu gewinnen</li>"
            "<li>mehr Raum für regelmäßigen Austausch</li><li>mehr Vielfalt in der Verwaltung</li></ol>"
            "<p>Die Dokumentation des Treffens steht auf der Seite der Veranstaltung.</p>"
        ),
        topics=("demokratie-teilhabe", "bildung"),
        districts=("06412",),
        image="ring",
        image_alt="Illustration: Kreise in Gruppen an Tischen, Sinnbild für Workshops",
    ),
    DemoPost(
        days_ago=230,
        kind=N,
        title="Regionaltreffen Mittelhessen in Gießen",
        teaser="Vereine aus Gießen, Marburg-Biedenkopf und dem Lahn-Dill-Kreis lernten sich beim ersten "
        "Regionaltreffen kennen.",
        body="<p>Beim ersten Regionaltreffen Mittelhessen stellten sich zwölf Vereine vor und verabredeten gemeinsame "
        "Angebote für Jugendliche.</p>",
        topics=("jugend",),
        districts=("06531", "06534", "06532"),
    ),
    DemoPost(
        days_ago=200,
        kind=N,
        title="Basisqualifizierung für WIR-Lotsinnen und -Lotsen: neue Kurse im Frühjahr",
        teaser="Drei Träger bieten die Basisqualifizierung nach dem Empfehlungs-Leitfaden an – mit Zertifikat.",
        body="<p>Die Basisqualifizierung umfasst die acht Module des Empfehlungs-Leitfadens, etwa Rolle und "
        "Selbstverständnis, interkulturelle Kommunikation und lokale Netzwerke. Wer sie abschließt, erhält ein "
        "Zertifikat, das jede Stelle online prüfen kann.</p>",
        topics=("bildung", "gefluechtete"),
        translations={
            "title": {"fa": "دوره‌های پایه برای راهنمایان WIR: دوره‌های جدید در بهار"},
            "teaser": {"fa": "سه نهاد، دوره پایه را طبق راهنمای توصیه‌ای برگزار می‌کنند – با گواهی."},
        },
        image="dots",
        image_alt="Illustration: acht Punkte in einer Reihe, einer für jedes Modul",
    ),
    DemoPost(
        days_ago=170,
        kind=N,
        title="Öffentlichkeitsarbeit für Vereine: Aufzeichnung und Checkliste",
        teaser="Wie schreibt man eine Pressemitteilung, die gelesen wird? Die Checkliste aus der Schulung steht im "
        "Methodenkoffer.",
        body="<p>Die Schulung zur Öffentlichkeitsarbeit war ausgebucht. Die wichtigsten Punkte haben wir als "
        "Checkliste zusammengefasst: Anlass, Überschrift, die W-Fragen, ein Zitat, Kontakt.</p>",
        topics=("kultur",),
    ),
    DemoPost(
        days_ago=140,
        kind=P,
        title="Migrantenorganisationen im Dialog mit Kommunen: Fachtag in Kassel",
        teaser="Integrationsbüros, Verwaltung und Vereine aus Nordhessen sprachen über Zusammenarbeit auf Augenhöhe.",
        body="<p>Beim Fachtag in Kassel trafen Vertreterinnen und Vertreter von Integrationsbüros und "
        "Migrantenorganisationen aufeinander. Ergebnis: feste Ansprechpersonen in den Kommunen und ein "
        "gemeinsamer Kalender.</p>",
        topics=("demokratie-teilhabe", "antidiskriminierung"),
        districts=("06611", "06633"),
        translations={"title": {"en": "Migrant organisations in dialogue with municipalities: conference in Kassel"}},
    ),
    DemoPost(
        days_ago=110,
        kind=N,
        title="Sprechstunde Vereinsrecht: jeden ersten Dienstag im Monat",
        teaser="Satzung, Vorstand, Gemeinnützigkeit: In der offenen Sprechstunde beantwortet das Team Fragen rund um "
        "den Verein.",
        body="<p>Die Sprechstunde findet online statt, eine Anmeldung ist nicht nötig. Fragen können vorab über das "
        "Kontaktformular geschickt werden.</p>",
        topics=("demokratie-teilhabe",),
    ),
    DemoPost(
        days_ago=80,
        kind=N,
        title="Elternarbeit stärken: Vereine teilen ihre Erfahrungen",
        teaser="In der neuen Themengruppe tauschen sich Vereine aus, die Eltern bei Kita- und Schulfragen begleiten.",
        body="<p>Die Themengruppe Elternarbeit steht allen Mitgliedern der Plattform offen. Den Anfang machen Vereine "
        "aus Offenbach und Darmstadt mit ihren Elterncafés.</p>",
        topics=("elternarbeit", "bildung"),
        districts=("06413", "06411"),
        translations={
            "title": {"tr": "Veli çalışmasını güçlendirmek: Dernekler deneyimlerini paylaşıyor"},
            "teaser": {
                "tr": "Yeni tematik grupta, velilere kreş ve okul konularında eşlik eden dernekler fikir alışverişi "
                "yapıyor."
            },
        },
    ),
    DemoPost(
        days_ago=50,
        kind=P,
        title="Ein Jahr Vernetzungsplattform: über 300 Organisationen im Verzeichnis",
        teaser="Das Kompetenzzentrum zieht Bilanz: mehr Kontakte zwischen Vereinen, mehr Anmeldungen aus ländlichen "
        "Kreisen.",
        body="<p>Ein Jahr nach dem Start sind über 300 Organisationen im Verzeichnis. Besonders aus ländlichen Kreisen "
        "melden sich mehr Vereine zu Schulungen an als zuvor.</p>",
        topics=("demokratie-teilhabe",),
        image="bars",
        image_alt="Illustration: steigende Balken als Sinnbild für wachsende Zahlen",
    ),
    DemoPost(
        days_ago=25,
        kind=N,
        title="Qualifizierungsmaßnahmen: Anträge vier Wochen vor Beginn",
        teaser="Wer im Frühjahr eine Qualifizierung plant, denkt an die Frist: Der Antrag muss vier Wochen vor dem "
        "Start vorliegen.",
        body="<p>Für Qualifizierungsmaßnahmen im Landesprogramm WIR gilt: Der Antrag liegt spätestens vier Wochen vor "
        "Beginn der Maßnahme vor. Die Frist finden Sie auch im Förderradar Ihrer Organisation.</p>",
        topics=("bildung",),
        translations={
            "title": {"uk": "Кваліфікаційні заходи: заявки за чотири тижні до початку"},
            "teaser": {
                "uk": "Хто планує кваліфікацію навесні, пам’ятає про строк: заявка має надійти за чотири тижні до "
                "старту."
            },
        },
    ),
    DemoPost(
        days_ago=8,
        kind=N,
        title="Einladung zum nächsten hessenweiten Vernetzungstreffen",
        teaser="Save the Date: Das nächste Vernetzungstreffen findet im Frühjahr in Frankfurt am Main statt. Die "
        "Anmeldung öffnet bald.",
        body="<p>Wir laden alle Migrantenorganisationen in Hessen herzlich ein. Programm, Workshops und Anmeldung "
        "folgen auf der Seite Veranstaltungen.</p>",
        topics=("demokratie-teilhabe",),
        districts=("06412",),
        translations={
            "title": {
                "en": "Invitation to the next Hesse-wide networking meeting",
                "ar": "دعوة إلى لقاء التشبيك القادم على مستوى هسن",
            },
            "teaser": {
                "en": "Save the date: the next networking meeting takes place in Frankfurt am Main in spring. "
                "Registration opens soon.",
                "ar": "احفظوا الموعد: يُعقد لقاء التشبيك القادم في الربيع في فرانكفورت أم ماين. يبدأ التسجيل قريبًا.",
            },
        },
        image="ring",
        image_alt="Illustration: bunte Kreise in einem Ring, durch Linien miteinander verbunden",
    ),
    DemoPost(
        days_ago=-5,
        kind=P,
        title="Programm des Vernetzungstreffens steht fest",
        teaser="Sechs Workshops, ein Podium mit dem Ministerium und viel Zeit für Gespräche.",
        body="<p>Das Programm des Vernetzungstreffens ist fertig. Es erscheint in fünf Tagen auf der Plattform.</p>",
        topics=("demokratie-teilhabe",),
    ),
]

COLOURS = [(0, 94, 168), (200, 60, 90), (0, 140, 110), (230, 160, 0), (110, 70, 170), (40, 40, 60)]


def _illustration(kind: str) -> ContentFile[bytes]:
    """A small abstract PNG (no photo of anyone): a ring of circles, rising bars or a row of dots."""
    width, height = 960, 540
    image = Image.new("RGB", (width, height), (244, 246, 250))
    draw = ImageDraw.Draw(image)
    if kind == "ring":
        centre, radius = (width // 2, height // 2), 190
        points = [
            (centre[0] + radius * math.cos(2 * math.pi * n / 8), centre[1] + radius * math.sin(2 * math.pi * n / 8))
            for n in range(8)
        ]
        for n, point in enumerate(points):
            draw.line([point, points[(n + 3) % 8]], fill=(180, 186, 200), width=4)
        for n, (x, y) in enumerate(points):
            draw.ellipse((x - 42, y - 42, x + 42, y + 42), fill=COLOURS[n % len(COLOURS)])
    elif kind == "bars":
        for n in range(4):
            top = height - 90 - (n + 1) * 90
            draw.rectangle((150 + n * 180, top, 270 + n * 180, height - 60), fill=COLOURS[n])
    else:
        for n in range(8):
            x = 100 + n * 108
            draw.ellipse((x - 36, height // 2 - 36, x + 36, height // 2 + 36), fill=COLOURS[n % len(COLOURS)])
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.png")


def load(stdout: Any) -> None:
    author = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
    if author is None:
        stdout.write("news: no demo staff account; skipped")
        return
    topics = {topic.slug: topic for topic in FieldOfAction.objects.all()}
    districts = {district.ags: district for district in District.objects.defer("outline")}
    now = timezone.now()
    created = 0
    for item in POSTS:
        if Post.objects.filter(title=item.title).exists():
            continue
        translated = item.translations
        post = services.post_create(
            data=PostInput(
                kind=item.kind,
                title=item.title,
                title_translations=translated.get("title", {}),
                teaser=item.teaser,
                teaser_translations=translated.get("teaser", {}),
                body=item.body,
                body_translations=translated.get("body", {}),
                image_alt=item.image_alt,
                image_alt_translations=item.image_alt_translations,
                topics=[topics[slug] for slug in item.topics if slug in topics],
                districts=[districts[ags] for ags in item.districts if ags in districts],
            ),
            image=_illustration(item.image) if item.image else None,
            by=author,
        )
        at = (now - timedelta(days=item.days_ago)).replace(hour=9, minute=30, second=0, microsecond=0)
        services.post_publish(post=post, at=at, by=author, now=now)
        created += 1
    stdout.write(f"news: {created} posts and press releases")
