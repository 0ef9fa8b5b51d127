"""Synthetic demo of the library: a Methodenkoffer of 15 methods, the Empfehlungs-Leitfaden for the
Basisqualifizierung of the WIR-Lotsen in 8 chapters, templates, checklists, video links and guides;
Turkish and Arabic translations as linked items, one version in Leichte Sprache, worksheets as PDF
files (made with WeasyPrint) and one revised item with an earlier version.

Everything is written for the demo through the services. Idempotent: nothing happens if the Leitfaden
exists.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from vielfalt.core.lib.uploads import Upload
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item
from vielfalt.knowledge.services import ItemInput
from vielfalt.organisations.models import FieldOfAction, TargetGroup

LEITFADEN_SLUG = "empfehlungs-leitfaden-basisqualifizierung"

# (title, summary, minutes, group from, group to, materials, steps, goal, tip, topics, target groups)
METHODS: list[tuple[str, str, int, int, int, str, str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("Rollenspiel Behördengang", "Die Gruppe spielt einen Termin bei der Ausländerbehörde durch: Wer begleitet, wer spricht, wer übersetzt?", 60, 6, 16,
     "Rollenkarten\nTisch und zwei Stühle als Schalter\nBeobachtungsbogen", "Rollen verteilen: Klientin, Lotse, Sachbearbeiter, Beobachtende\nSzene kurz vorbereiten (10 Minuten)\nSzene spielen (10 Minuten)\nBeobachtende berichten, was ihnen aufgefallen ist\nRollen tauschen und eine zweite Runde spielen\nGemeinsam festhalten: Was hilft im echten Termin?",
     "Die Teilnehmenden erleben, wie sich ein Behördentermin aus jeder Rolle anfühlt, und klären, was ihre Aufgabe als Lotsin oder Lotse ist – und was nicht.",
     "Achten Sie darauf, dass niemand eine Rolle spielen muss, die eigene schlechte Erfahrungen weckt. Ein Zeichen zum Unterbrechen wird vorher vereinbart.", ("bildung", "demokratie-teilhabe"), ("ehrenamtliche", "neuzugewanderte")),
    ("Stadtteilrundgang: Wo finde ich was?", "In kleinen Gruppen erkunden die Teilnehmenden Beratungsstellen, Kitas und Ämter im Stadtteil und halten sie auf einer Karte fest.", 120, 6, 24,
     "Stadtplan in Kopie\nKlebepunkte\nSmartphone oder Kamera", "Gruppen bilden und Stationen verteilen\nRundgang mit Aufgabenkarte (60 bis 90 Minuten)\nFotos und Notizen sammeln\nErgebnisse auf einer großen Karte zusammentragen\nAuswertung: Welche Angebote kannten wir noch nicht?",
     "Die Teilnehmenden kennen die wichtigsten Anlaufstellen vor Ort und wissen, wie man dort hinkommt.", "Vorher bei zwei, drei Einrichtungen anfragen, ob die Gruppe kurz hereinschauen darf.", ("bildung",), ("ehrenamtliche",)),
    ("Werte-Barometer", "Die Teilnehmenden stellen sich zu Aussagen auf einer Linie zwischen „stimme zu“ und „stimme nicht zu“ auf und begründen ihren Platz.", 45, 8, 25,
     "Kreppband für die Linie\nAussagen auf Karten", "Linie im Raum markieren\nAussage vorlesen\nAufstellen lassen\nEinzelne Stimmen an verschiedenen Punkten hören\nNach drei bis fünf Aussagen gemeinsam auswerten",
     "Unterschiedliche Haltungen werden sichtbar, ohne dass jemand Recht haben muss.", "Aussagen wählen, zu denen es wirklich verschiedene Meinungen gibt, zum Beispiel „Ein Lotse darf auch mal für jemanden entscheiden“.", ("demokratie-teilhabe", "antidiskriminierung"), ("ehrenamtliche",)),
    ("Kofferpacken: Was bringe ich mit?", "Eine Runde zum Kennenlernen: Jede Person legt symbolisch Erfahrungen, Sprachen und Fähigkeiten in einen gemeinsamen Koffer.", 30, 5, 20,
     "Ein echter Koffer oder ein gezeichneter auf Flipchart\nModerationskarten\nStifte", "Jede Person schreibt drei Karten: eine Sprache, eine Erfahrung, eine Stärke\nReihum Karten vorstellen und in den Koffer legen\nZum Schluss gemeinsam auf den vollen Koffer schauen",
     "Die Gruppe erkennt, wie viel Wissen und wie viele Sprachen schon im Raum sind.", "Gut als Einstieg in den ersten Schulungstag.", ("bildung", "sprache"), ("ehrenamtliche",)),
    ("Aktives Zuhören in Dreiergruppen", "Üben, wie man zuhört, nachfragt und zusammenfasst – mit einer Person, die erzählt, einer, die zuhört, und einer, die beobachtet.", 50, 6, 24,
     "Beobachtungsbogen\nUhr", "Dreiergruppen bilden und Rollen verteilen\nErzählen (5 Minuten) über eine erste Zeit in einer neuen Stadt\nZuhörende fassen zusammen\nBeobachtende geben Rückmeldung\nRollen zweimal tauschen\nAuswertung im Plenum",
     "Die Teilnehmenden üben Techniken des aktiven Zuhörens, die sie in der Begleitung brauchen.", "Das Thema des Erzählens so wählen, dass es nicht zu persönlich wird.", ("bildung",), ("ehrenamtliche",)),
    ("Netzwerkkarte", "Jede Person zeichnet, wen sie im Ort kennt: Ämter, Vereine, Beratungsstellen, Nachbarn. Danach werden die Karten verglichen.", 40, 4, 20,
     "Große Papierbögen\nStifte in drei Farben", "In die Mitte „Ich als Lotsin / Lotse“ schreiben\nKontakte eintragen: nah, mittel, fern\nIn Paaren die Karten vergleichen\nLücken sammeln: Wen sollten wir kennen?",
     "Die Teilnehmenden sehen ihr eigenes Netzwerk und planen, welche Kontakte sie noch knüpfen.", "Die gesammelten Lücken sind ein guter Anlass für einen Besuch beim Integrationsbüro.", ("demokratie-teilhabe",), ("ehrenamtliche", "verwaltung")),
    ("Fallbesprechung nach dem Ampelprinzip", "Ein echter, anonymisierter Fall wird besprochen: Was ist grün (machen wir), gelb (klären wir), rot (geben wir ab)?", 60, 5, 15,
     "Fallbeschreibung ohne Namen\nDrei Plakate in Rot, Gelb, Grün", "Fall vorstellen (5 Minuten)\nVerständnisfragen\nAufgaben sammeln und den Farben zuordnen\nFür Rot klären: An wen geben wir ab?\nFesthalten, was die Gruppe gelernt hat",
     "Die Teilnehmenden üben, die Grenzen ihrer Rolle zu erkennen und rechtzeitig an Fachstellen zu verweisen.", "Niemals Namen oder erkennbare Einzelheiten nennen – der Datenschutz gilt auch in der Schulung.", ("gefluechtete", "bildung"), ("ehrenamtliche",)),
    ("Sprachenporträt", "Die Teilnehmenden malen die Sprachen, die sie sprechen, in einen Körperumriss – und erzählen, wo welche Sprache zu Hause ist.", 45, 4, 20,
     "Vorlage Körperumriss\nBuntstifte", "Vorlage austeilen\nJede Sprache bekommt eine Farbe und einen Ort im Körper\nIn Kleingruppen die Bilder vorstellen\nIm Plenum: Welche Sprachen brauchen wir in der Begleitung?",
     "Mehrsprachigkeit wird als Stärke sichtbar.", "Auch Dialekte und Gebärdensprache zählen als Sprachen.", ("sprache", "kultur"), ("ehrenamtliche", "kinder")),
    ("Briefe vom Amt verstehen", "Die Gruppe übersetzt einen echten Behördenbrief Satz für Satz in einfache Sprache und sammelt, was zu tun ist.", 60, 4, 16,
     "Kopien von Musterbriefen (Jobcenter, Familienkasse)\nTextmarker", "Brief in Ruhe lesen\nWichtige Stellen markieren: Frist, Unterlagen, Ansprechperson\nIn einfache Sätze übertragen\nEine Checkliste für die Klientin schreiben",
     "Die Teilnehmenden können Fristen und Aufgaben aus einem Brief herauslesen und verständlich erklären.", "Nur Musterbriefe oder geschwärzte Briefe verwenden.", ("sprache", "bildung"), ("neuzugewanderte", "familien")),
    ("Eisberg der Kultur", "Anhand eines Eisbergs sprechen die Teilnehmenden über sichtbare und unsichtbare Seiten von Kultur.", 45, 6, 25,
     "Flipchart mit Eisberg\nKarten", "Eisberg zeichnen\nSichtbares sammeln: Sprache, Kleidung, Essen\nUnsichtbares sammeln: Werte, Zeitverständnis, Nähe und Distanz\nBeispiele aus der Begleitung besprechen",
     "Die Teilnehmenden verstehen, dass Missverständnisse oft unter der Oberfläche entstehen.", "Darauf achten, dass keine Gruppe als „typisch“ beschrieben wird.", ("kultur", "antidiskriminierung"), ("ehrenamtliche",)),
    ("Kita-Anmeldung Schritt für Schritt", "Die Gruppe legt die Schritte einer Kita-Anmeldung in die richtige Reihenfolge und klärt, wo Eltern Hilfe brauchen.", 40, 4, 20,
     "Schrittkarten\nFormulare als Muster", "Schrittkarten mischen und verteilen\nIn Kleingruppen ordnen\nVergleichen und korrigieren\nStolpersteine sammeln und Tipps notieren",
     "Die Teilnehmenden können Eltern durch die Kita-Anmeldung begleiten.", "Die Abläufe sind in jeder Kommune etwas anders: vorher beim Jugendamt nachfragen.", ("elternarbeit", "bildung"), ("familien", "kinder")),
    ("Blitzlicht zum Abschluss", "Jede Person sagt in einem Satz, was sie vom Tag mitnimmt.", 15, 3, 30,
     "Kein Material nötig", "Frage stellen: Was nehme ich mit?\nReihum ein Satz pro Person\nOhne Kommentar der anderen",
     "Der Tag wird gemeinsam abgeschlossen; die Leitung bekommt eine schnelle Rückmeldung.", "Wer nichts sagen möchte, darf weitergeben.", ("bildung",), ("ehrenamtliche",)),
    ("Grenzen setzen: Nein sagen üben", "In kurzen Szenen üben die Teilnehmenden, freundlich und klar Nein zu sagen, wenn eine Bitte über ihre Rolle hinausgeht.", 45, 6, 20,
     "Szenenkarten", "Szenenkarten vorlesen, zum Beispiel „Können Sie mir Geld leihen?“\nIn Paaren Antworten ausprobieren\nGute Sätze an der Wand sammeln\nGemeinsam besprechen, an wen man stattdessen verweisen kann",
     "Die Teilnehmenden schützen sich und die Menschen, die sie begleiten, vor Überforderung.", "Mit der Einheit zu Selbstfürsorge verbinden.", ("gesundheit",), ("ehrenamtliche",)),
    ("Datenschutz-Quiz", "Ein Quiz mit Fragen aus dem Alltag: Darf ich ein Foto vom Ausweis machen? Darf ich Unterlagen zu Hause aufbewahren?", 30, 4, 30,
     "Quizkarten\nGrüne und rote Karten zum Hochhalten", "Frage vorlesen\nAlle halten Grün oder Rot hoch\nAuflösung und kurze Erklärung\nOffene Fragen für die Fachstelle sammeln",
     "Die Teilnehmenden kennen die wichtigsten Regeln zum Umgang mit persönlichen Daten.", "Die Regeln des eigenen Trägers vorher klären und mitbringen.", ("demokratie-teilhabe",), ("ehrenamtliche",)),
    ("Projektidee in 20 Minuten", "Eine Gruppe entwickelt aus einem Bedarf eine kleine Projektidee – Ziel, Zielgruppe, Schritte, Kosten – als Vorstufe zu einem Mikroprojektantrag.", 60, 4, 20,
     "Vorlage Projektskizze\nModerationskarten", "Bedarf aus der Gruppe wählen\nZiel in einem Satz formulieren\nZielgruppe und Schritte festlegen\nKosten grob schätzen\nProjektskizzen vorstellen und Rückmeldung geben",
     "Vereine üben, eine Idee so zu beschreiben, dass daraus ein Förderantrag werden kann.", "Passt gut zu den WIR-Mikroprojekten: Anträge sind bis zum 31. Dezember für das Folgejahr einzureichen.", ("demokratie-teilhabe", "bildung"), ("ehrenamtliche",)),
]  # fmt: skip

CHAPTERS: list[tuple[str, str, int, list[str], list[str]]] = [
    ("Rolle und Selbstverständnis", "Was eine WIR-Lotsin oder ein WIR-Lotse tut – und was nicht.", 4,
     ["die eigene Rolle beschreiben", "Aufgaben von Fachstellen unterscheiden", "Erwartungen der Begleiteten einordnen"],
     ["Kofferpacken: Was bringe ich mit?", "Fallbesprechung nach dem Ampelprinzip"]),
    ("Werte und Haltung", "Respekt, Augenhöhe und Hilfe zur Selbsthilfe als Grundlage der Begleitung.", 3,
     ["eigene Werte benennen", "Unterschiede aushalten", "Hilfe zur Selbsthilfe verstehen"], ["Werte-Barometer"]),
    ("Rahmenbedingungen und Datenschutz", "Versicherung, Aufwandsentschädigung, Schweigepflicht und der Umgang mit Daten.", 3,
     ["die Regeln des Trägers kennen", "persönliche Daten schützen", "Aufwandsentschädigung richtig abrechnen"], ["Datenschutz-Quiz"]),
    ("Interkulturelle Kommunikation", "Verstehen und verstanden werden: Sprache, Nähe und Distanz, Missverständnisse.", 4,
     ["Missverständnisse erkennen", "aktiv zuhören", "einfach sprechen"], ["Eisberg der Kultur", "Aktives Zuhören in Dreiergruppen", "Sprachenporträt"]),
    ("Lokale Netzwerke und Angebote", "Wer hilft wo? Integrationsbüro, Migrationsberatung, Vereine und Vielfaltszentren.", 3,
     ["Anlaufstellen vor Ort kennen", "Kontakte knüpfen", "richtig weiterverweisen"], ["Netzwerkkarte", "Stadtteilrundgang: Wo finde ich was?"]),
    ("Begleitung zu Behörden, Kita und Schule", "Termine vorbereiten, begleiten und nachbereiten.", 4,
     ["Termine vorbereiten", "Briefe verstehen und erklären", "Eltern bei Kita und Schule unterstützen"],
     ["Rollenspiel Behördengang", "Briefe vom Amt verstehen", "Kita-Anmeldung Schritt für Schritt"]),
    ("Grenzen, Selbstfürsorge und Konflikte", "Gut für sich sorgen, um lange gut begleiten zu können.", 3,
     ["eigene Grenzen erkennen", "Nein sagen", "Unterstützung holen"], ["Grenzen setzen: Nein sagen üben"]),
    ("Abschluss, Reflexion und Zertifikat", "Rückblick auf die Basisqualifizierung und Übergabe der Zertifikate.", 2,
     ["das Gelernte zusammenfassen", "nächste Schritte planen"], ["Blitzlicht zum Abschluss"]),
]  # fmt: skip

OTHERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("template", "Vorlage: Projektskizze für ein Mikroprojekt", "Ein Blatt für Ziel, Zielgruppe, Schritte, Zeitplan und Kosten.", ("demokratie-teilhabe",)),
    ("template", "Vorlage: Einladung zur Mitgliederversammlung", "Mustertext mit Tagesordnung, Frist und Hinweisen zur Satzung.", ("demokratie-teilhabe",)),
    ("template", "Vorlage: Stundennachweis für Lotsinnen und Lotsen", "Tabelle für Einsätze, Stunden und Fahrtkosten.", ("bildung",)),
    ("checklist", "Checkliste: Förderantrag vollständig?", "Alles, was vor dem Absenden eines Förderantrags geprüft werden sollte.", ("demokratie-teilhabe",)),
    ("checklist", "Checkliste: Veranstaltung barrierearm planen", "Vom Raum über Dolmetschen bis zur Kinderbetreuung.", ("antidiskriminierung",)),
    ("checklist", "Checkliste: Erster Termin mit einer neuen Familie", "Was vorher, währenddessen und danach zu klären ist.", ("elternarbeit",)),
    ("video", "Video: Was machen WIR-Lotsinnen und -Lotsen?", "Drei Lotsinnen erzählen von ihren Einsätzen (6 Minuten).", ("bildung",)),
    ("video", "Video: Vereinsgründung in fünf Schritten", "Ein kurzer Erklärfilm vom Gründungstreffen bis zum Vereinsregister.", ("demokratie-teilhabe",)),
    ("guide", "Handreichung: Öffentlichkeitsarbeit für kleine Vereine", "Pressemitteilung, Internetseite und soziale Medien mit wenig Zeit.", ("kultur",)),
    ("guide", "Handreichung: Gemeinnützigkeit und Spendenquittungen", "Was Vereine über Steuern, Gemeinnützigkeit und Spenden wissen sollten.", ("demokratie-teilhabe",)),
]  # fmt: skip

TURKISH = {
    "Rollenspiel Behördengang": (
        "Rol oyunu: Resmi daireye gitmek",
        "Grup, yabancılar dairesinde bir randevuyu canlandırır: Kim eşlik eder, kim konuşur, kim tercüme eder?",
        "Rol kartları\nGişe olarak bir masa ve iki sandalye\nGözlem formu",
        "Rolleri dağıtın: danışan, rehber, memur, gözlemciler\nSahneyi kısaca hazırlayın (10 dakika)\nSahneyi oynayın (10 dakika)\nGözlemciler dikkatlerini çekenleri anlatır\nRolleri değiştirip ikinci turu oynayın\nBirlikte not edin: Gerçek randevuda ne işe yarar?",
        "Katılımcılar bir resmi daire randevusunun her rolden nasıl hissedildiğini yaşar ve WIR entegrasyon rehberi olarak görevlerinin ne olduğunu – ve ne olmadığını – netleştirir.",
    ),
    "Stadtteilrundgang: Wo finde ich was?": (
        "Mahalle turu: Neyi nerede bulurum?",
        "Küçük gruplar halinde katılımcılar mahalledeki danışma merkezlerini, kreşleri ve daireleri keşfeder ve bir haritaya işler.",
        "Şehir planı fotokopisi\nYapışkan noktalar\nAkıllı telefon veya kamera",
        "Grupları oluşturun ve durakları dağıtın\nGörev kartıyla tur (60–90 dakika)\nFotoğraf ve not toplayın\nSonuçları büyük bir haritada birleştirin\nDeğerlendirme: Hangi hizmetleri henüz tanımıyorduk?",
        "Katılımcılar yerel olarak en önemli başvuru noktalarını ve oraya nasıl gidileceğini bilir.",
    ),
    "Werte-Barometer": (
        "Değerler barometresi",
        "Katılımcılar „katılıyorum“ ile „katılmıyorum“ arasındaki bir çizgide ifadelere göre yer alır ve yerlerini açıklar.",
        "Çizgi için maskeleme bandı\nKartlarda ifadeler",
        "Odada bir çizgi işaretleyin\nİfadeyi okuyun\nKatılımcılar yerini alır\nFarklı noktalardan bazı sesleri dinleyin\nÜç ila beş ifadeden sonra birlikte değerlendirin",
        "Farklı tutumlar, kimsenin haklı olması gerekmeden görünür hale gelir.",
    ),
    "Briefe vom Amt verstehen": (
        "Resmi mektupları anlamak",
        "Grup gerçek bir resmi mektubu cümle cümle sade bir dile çevirir ve yapılması gerekenleri toplar.",
        "Örnek mektupların kopyaları (iş ajansı, aile kasası)\nFosforlu kalem",
        "Mektubu sakince okuyun\nÖnemli yerleri işaretleyin: süre, belgeler, ilgili kişi\nBasit cümlelere aktarın\nDanışan için bir kontrol listesi yazın",
        "Katılımcılar bir mektuptan süreleri ve görevleri çıkarabilir ve anlaşılır şekilde açıklayabilir.",
    ),
}
ARABIC = {
    "Rollenspiel Behördengang": (
        "لعب الأدوار: موعد في الدائرة الرسمية",
        "تمثّل المجموعة موعدًا في دائرة الأجانب: من يرافق، ومن يتحدث، ومن يترجم؟",
        "بطاقات الأدوار\nطاولة وكرسيان كشبّاك\nاستمارة ملاحظة",
        "توزيع الأدوار: المراجِعة، المرشد، الموظف، المراقبون\nتحضير المشهد باختصار (10 دقائق)\nتمثيل المشهد (10 دقائق)\nيروي المراقبون ما لاحظوه\nتبادل الأدوار وجولة ثانية\nنسجّل معًا: ما الذي يساعد في الموعد الحقيقي؟",
        "يختبر المشاركون كيف يبدو الموعد الرسمي من كل دور، ويوضحون ما هي مهمتهم كمرشدي اندماج WIR وما ليست مهمتهم.",
    ),
    "Kita-Anmeldung Schritt für Schritt": (
        "التسجيل في الروضة خطوة بخطوة",
        "ترتّب المجموعة خطوات التسجيل في الروضة بالترتيب الصحيح وتوضح أين يحتاج الأهل إلى المساعدة.",
        "بطاقات الخطوات\nنماذج استمارات",
        "خلط بطاقات الخطوات وتوزيعها\nالترتيب في مجموعات صغيرة\nالمقارنة والتصحيح\nجمع العقبات وتدوين النصائح",
        "يستطيع المشاركون مرافقة الأهل خلال التسجيل في الروضة.",
    ),
}


def _lines_html(items: list[str], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def _pdf(title: str, subtitle: str, lines: list[str], *, language: str = "de") -> Upload:
    """A worksheet as a real PDF (WeasyPrint), ready for ``services.item_file_add``."""
    from weasyprint import HTML

    direction = "rtl" if language in ("ar", "fa") else "ltr"
    rows = "".join(f"<li>{escape(line)}</li>" for line in lines)
    html = (
        f'<html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><style>'
        "body{font-family:sans-serif;margin:2cm}h1{font-size:20pt}li{margin:0 0 8pt}"
        f"</style></head><body><h1>{escape(title)}</h1><p>{escape(subtitle)}</p><ol>{rows}</ol>"
        "<p>Kompetenzzentrum Vielfalt Hessen · Methodenkoffer</p></body></html>"
    )
    content = HTML(string=html).write_pdf() or b""
    name = f"{uuid.uuid4().hex}.pdf"
    return Upload(
        content=ContentFile(content, name=name),
        name=f"{title[:60]}.pdf",
        size=len(content),
        content_type="application/pdf",
    )


def load(stdout: Any) -> None:
    if Item.objects.filter(slug=LEITFADEN_SLUG).exists():
        stdout.write("Wissen: schon vorhanden.\n")
        return
    with transaction.atomic():
        count = _load()
    stdout.write(f"Wissen: {count} Einträge der Bibliothek.\n")


def _load() -> int:
    topics = {term.slug: term for term in FieldOfAction.objects.all()}
    groups = {term.slug: term for term in TargetGroup.objects.all()}
    created: list[Item] = []

    def publish(data: ItemInput) -> Item:
        item = services.item_create(data=data, by=None)
        item = services.item_publish(item=item, by=None)
        created.append(item)
        return item

    methods: dict[str, Item] = {}
    for index, (title, summary, minutes, low, high, materials, steps, goal, tip, topic_slugs, group_slugs) in enumerate(
        METHODS
    ):
        body = (
            f"<h2>Ziel</h2><p>{escape(goal)}</p><h2>Hinweise für die Leitung</h2><p>{escape(tip)}</p>"
            "<h2>Varianten</h2><p>Mit weniger Zeit: nur die ersten drei Schritte. Online: in Gruppenräumen einer "
            "Videokonferenz, die Ergebnisse auf einer gemeinsamen Tafel.</p>"
        )
        methods[title] = publish(
            ItemInput(
                title=title, kind=Item.Kind.METHOD, summary=summary, body=body, duration_minutes=minutes,
                group_size_min=low, group_size_max=high, materials=materials, steps=steps,
                topics=[topics[s] for s in topic_slugs if s in topics], target_groups=[groups[s] for s in group_slugs if s in groups],
                visibility=Item.Visibility.MEMBERS if index in (6, 13) else Item.Visibility.PUBLIC,
            )
        )  # fmt: skip
        if index < 4:
            services.item_file_add(
                item=methods[title],
                upload=_pdf(title, summary, steps.splitlines()),
                title=f"Arbeitsblatt: {title}",
                by=None,
            )

    # The Empfehlungs-Leitfaden: an overview and eight chapters, one per module of the Basisqualifizierung.
    leitfaden = services.item_create(
        data=ItemInput(
            title="Empfehlungs-Leitfaden für die Basisqualifizierung der WIR-Lotsinnen und -Lotsen",
            kind=Item.Kind.GUIDE,
            summary="Acht Module für 20 bis 36 Unterrichtseinheiten: was die Basisqualifizierung enthalten soll, "
            "mit Lernzielen und passenden Methoden aus dem Methodenkoffer.",
            body="<h2>Wozu dieser Leitfaden?</h2><p>Die Träger der WIR-Lotsen-Programme gestalten ihre "
            "Basisqualifizierung selbst. Der Leitfaden empfiehlt, welche Inhalte dazugehören, damit Lotsinnen und "
            "Lotsen in ganz Hessen gut vorbereitet sind.</p><h2>Wie ist er aufgebaut?</h2><p>Jedes der acht Kapitel "
            "beschreibt ein Modul: Lernziele, Inhalte, Umfang in Unterrichtseinheiten (UE) und Methoden.</p>"
            "<h2>Wie lässt er sich anpassen?</h2><p>Die Reihenfolge ist ein Vorschlag. Module können zusammengelegt "
            "oder an mehreren Abenden angeboten werden, solange alle Inhalte vorkommen.</p>",
            topics=[topics[s] for s in ("bildung", "demokratie-teilhabe") if s in topics],
            target_groups=[groups[s] for s in ("ehrenamtliche",) if s in groups],
        ),
        by=None,
    )
    leitfaden.slug = LEITFADEN_SLUG
    leitfaden.save(update_fields=["slug"])
    leitfaden = services.item_publish(item=leitfaden, by=None)
    created.append(leitfaden)
    for number, (title, summary, units, goals, method_titles) in enumerate(CHAPTERS, start=1):
        # Named, not linked: rich text takes only absolute links, and the site's address is not known here.
        links = "".join(f"<li>{escape(name)}</li>" for name in method_titles if name in methods)
        body = (
            f"<h2>Lernziele</h2>{_lines_html(goals)}<h2>Umfang</h2><p>Etwa {units} Unterrichtseinheiten zu je "
            "45 Minuten.</p><h2>Inhalte</h2><p>"
            f"{escape(summary)} Die Lotsinnen und Lotsen bringen eigene Erfahrungen ein; die Leitung verbindet sie mit "
            "Beispielen aus dem Alltag der Begleitung.</p>"
            f"<h2>Methoden aus dem Methodenkoffer</h2><ul>{links}</ul>"
        )
        publish(
            ItemInput(
                title=f"Modul {number}: {title}", kind=Item.Kind.GUIDE, summary=summary, body=body,
                parent=leitfaden, position=number, topics=leitfaden_topics(topics), target_groups=[groups[s] for s in ("ehrenamtliche",) if s in groups],
            )
        )  # fmt: skip

    for kind, title, summary, topic_slugs in OTHERS:
        body = (
            f"<h2>Worum es geht</h2><p>{escape(summary)}</p><h2>So nutzen Sie es</h2><p>Passen Sie die Vorlage an "
            "Ihren Verein an und besprechen Sie sie im Vorstand. Fragen beantwortet das Team des "
            "Kompetenzzentrums in der Beratung.</p>"
        )
        publish(
            ItemInput(
                title=title, kind=kind, summary=summary, body=body,
                video_url="https://video.example.org/vielfalt-hessen/" + title.split(":")[0].lower() if kind == "video" else "",
                topics=[topics[s] for s in topic_slugs if s in topics],
            )
        )  # fmt: skip

    # Translations: linked items in Turkish and Arabic; the Leitfaden's overview in Leichte Sprache.
    for texts, language in ((TURKISH, "tr"), (ARABIC, "ar")):
        for german_title, (title, summary, materials, steps, goal) in texts.items():
            original = methods[german_title]
            translated = publish(
                ItemInput.of(original, title=title, summary=summary, materials=materials, steps=steps, language=language, body=f"<p>{escape(goal)}</p>")
            )  # fmt: skip
            services.item_link_translation(item=translated, other=original, by=None)
            if language == "tr" and german_title == "Rollenspiel Behördengang":
                services.item_file_add(
                    item=translated, upload=_pdf(title, summary, steps.splitlines(), language="tr"),
                    title=f"Çalışma kâğıdı: {title}", by=None,
                )  # fmt: skip
    easy = publish(
        ItemInput(
            title="Der Leitfaden für WIR-Lotsen in Leichter Sprache",
            kind=Item.Kind.GUIDE,
            language="de-ls",
            summary="Hier steht: Was lernen WIR-Lotsen in der Schulung?",
            body="<h2>Was sind WIR-Lotsen?</h2><p>WIR-Lotsen helfen Menschen, die neu in Hessen sind.</p>"
            "<p>Zum Beispiel beim Termin im Amt.</p><h2>Was lernen WIR-Lotsen?</h2><p>Es gibt eine Schulung.</p>"
            "<p>Die Schulung hat 8 Teile.</p><p>Ein Teil heißt: Datenschutz.</p><p>Das bedeutet: Man erzählt "
            "nichts weiter.</p>",
        )
    )
    services.item_link_translation(item=easy, other=leitfaden, by=None)

    # One revised method: its first version stays readable.
    first = methods["Werte-Barometer"]
    services.item_update(
        item=first,
        data=ItemInput.of(first, summary=first.summary + " Mit neuen Beispielaussagen aus der Praxis."),
        change_note="Beispielaussagen ergänzt",
        by=None,
    )
    return len(created)


def leitfaden_topics(topics: dict[str, FieldOfAction]) -> list[FieldOfAction]:
    return [topics[s] for s in ("bildung",) if s in topics]
