"""The safety lexicon on clear cases in every language and script."""

from __future__ import annotations

import pytest

from bot.domain import Category, Severity
from classifiers.rules import fold, scan

# (lang, text, expected severity, a rule id that must fire)
CRITICAL_CASES = [
    ("en", "I will kill you tonight", "threat.with_time"),
    ("en", "im gonna stab you", "threat.weapon"),
    ("en", "he is outside my door right now", "danger.abuser_near"),
    ("en", "i dont want to live anymore, i want to kill myself", "self_harm.intent"),
    ("en", "a guy is asking my 13 year old daughter for nudes", "minor.sexual"),
    ("en", "i know where you live and i'll burn your house tomorrow", "threat.with_time"),
    ("sq", "Do të vras sonte", "threat.with_time"),
    ("sq", "do te vras sonte kur te kthehesh", "threat.with_time"),
    ("sq", "dua të vdes, nuk dua më të jetoj", "self_harm.intent"),
    ("sq", "ai është jashtë derës sime", "danger.abuser_near"),
    ("sq", "vajza ime 14 vjeç po merr foto lakuriq", "minor.sexual"),
    ("sr", "Убићу те вечерас", "threat.with_time"),
    ("sr", "хоћу да умрем", "self_harm.intent"),
    ("sr", "Он је испред мојих врата", "danger.abuser_near"),
    ("sr_Latn", "Ubiću te večeras", "threat.with_time"),
    ("sr_Latn", "ubicu te veceras", "threat.with_time"),
    ("sr_Latn", "upucacu te kad izadjes", "threat.weapon"),
    ("bs", "zaklat ću te nožem", "threat.with_weapon"),
    ("bs", "ne želim više živjeti", "self_harm.intent"),
    ("hr", "Ubit ću te sutra ispred tvoje zgrade", "threat.with_time"),
    ("hr", "moja kći ima 12 godina a on joj šalje gole slike", "minor.sexual"),
    ("cnr", "đe si, ubiću te danas", "threat.with_time"),
    ("cnr", "čeka me ispred zgrade i lupa na vrata", "danger.abuser_near"),
    ("mk", "Ќе те убијам вечерва", "threat.with_time"),
    ("mk", "ke te ubijam vecerva", "threat.with_time"),
    ("mk", "сакам да умрам", "self_harm.intent"),
    ("mk", "tој ме чека пред мојата врата", "danger.abuser_near"),
    ("mk", "ќе те застрелам", "threat.weapon"),
    # suicidal intent said without "kill myself", and arrival said without a threat
    ("en", "im on the bridge. nobody would miss me", "self_harm.intent"),
    ("en", "I'm in the car outside your work. come out", "danger.abuser_near"),
    ("sq", "jam mbi urë, lamtumirë", "self_harm.intent"),
    ("sq", "jam poshte, hape deren tani", "danger.abuser_near"),
    ("sr", "стојим на мосту, нема ме више сутра", "self_harm.intent"),
    ("sr_Latn", "u tvom sam dvoristu. vidim te kroz prozor", "danger.abuser_near"),
    ("bs", "popila sam sve tablete, oprostite mi", "self_harm.intent"),
    ("hr", "ispred haustora sam. izađi ili dižem cijelu zgradu", "danger.abuser_near"),
    ("cnr", "isjekla sam se i ne znam što da radim", "self_harm.intent"),
    ("mk", "на мостот сум. збогум", "self_harm.intent"),
    ("mk", "ја крши вратата, сама сум со децата", "danger.abuser_near"),
    # farewells and questions about a method
    ("en", "this is my last message. tell mum none of it was her fault", "self_harm.intent"),
    ("sr_Latn", "koliko lekova treba da se zaspi i ne probudi", "self_harm.intent"),
    ("sq", "mos me kerkoni me. mesazhi i fundit", "self_harm.intent"),
    ("mk", "последна порака, не барајте ме", "self_harm.intent"),
    ("hr", "dolje sam. siđi odmah", "danger.arriving_order"),
    # suicidal intent in Gheg, Macedonian, English and BCMS without "kill myself"
    ("sq", "du me vdek, nuk po duroj ma", "self_harm.intent"),
    ("sq", "sa dhemb kur i pret venat e dores?", "self_harm.intent"),
    ("sq", "dua te iki nga kjo bote, jam lodh", "self_harm.intent"),
    ("sq", "s'kom ma forca me jetu", "self_harm.intent"),
    ("sq", "i kam marr krejt ilaqet qe kishim n shpi", "self_harm.intent"),
    ("sq", "jom n'uren e madhe tash", "self_harm.intent"),
    ("mk", "повторно ги сечам рацете, не можам да престанам", "self_harm.intent"),
    ("mk", "сакам да заспијам за да не се разбудам", "self_harm.intent"),
    ("mk", "ги прегрнав децата за последен пат", "self_harm.intent"),
    ("mk", "ги собирам апчињата од мама", "self_harm.intent"),
    ("mk", "stojam na mostot i gledam vo vodata", "self_harm.intent"),
    ("en", "what is the easiest way to die", "self_harm.intent"),
    ("en", "i won't be around much longer", "self_harm.intent"),
    ("en", "thinking of stepping in front of a train", "self_harm.intent"),
    ("hr", "opet sam se rezala po rukama", "self_harm.intent"),
    ("sr_Latn", "popila sam pola kutije lekova za spavanje", "self_harm.intent"),
    ("bs", "lakše će im biti bez mene", "self_harm.intent"),
    ("cnr", "sjutra me neće bit, samo da znate", "self_harm.intent"),
    ("sr", "хоћу само да заспим и да се више не пробудим", "self_harm.intent"),
    # presence and arrival without threat words, in capitals, Gheg, with an order
    ("sq", "ESHTE POSHTE SHPISE TANI", "danger.abuser_near"),
    ("sq", "per 10 minuta jam aty", "danger.abuser_near"),
    ("mk", "за пет минути сум кај тебе", "danger.abuser_near"),
    ("mk", "се качува по скалите", "danger.abuser_near"),
    ("sr", "за 10 минута сам ту", "danger.abuser_near"),
    ("hr", "penje se po stepenicama", "danger.abuser_near"),
    ("bs", "vidim ti svjetlo u sobi", "danger.abuser_near"),
    ("en", "i'm right behind you", "danger.abuser_near"),
    ("en", "I'M OUTSIDE. OPEN NOW", "danger.arriving_order"),
    ("sr_Latn", "DOLAZIM. NEMOJ DA ZOVES POLICIJU", "danger.arriving_order"),
    ("sq", "po vij. mos thirr policine", "danger.arriving_order"),
    # an order with a consequence; a weapon bought or carried
    ("hr", "sutra u 8 kod škole. dođi sama ili dolazim po tebe", "threat.with_time"),
    ("sr_Latn", "kupio sam pistolj", "threat.weapon"),
    ("mk", "купив пиштол", "threat.weapon"),
    ("bs", "u hodniku je sa nožem", "threat.weapon"),
    ("en", "tonight after work. we'll finish this properly", "threat.with_time"),
    # round 6: farewells to her children, "no point carrying on", a child asked for pictures
    # of herself, arson with a time, already set off to get her, waiting in a hidden place
    ("en", "tell my boys i loved them, sorry for all of it", "self_harm.intent"),
    ("en", "theres no point carrying on, i'm done", "self_harm.intent"),
    ("en", "a guy on roblox gets my 11 year old to send him photos of herself", "minor.sexual"),
    ("sr", "рекао је да ће вечерас да ми запали стан", "threat.with_time"),
    ("hr", "krenuo je iz Zagreba po mene, javio mi je brat", "danger.abuser_near"),
    ("bs", "čekam te u podrumu kad se vratiš", "danger.abuser_near"),
    ("cnr", "znam đe si. čekam te vani", "danger.found_arriving"),
    ("sr_Latn", "prebrojala sam tablete, mislim da je vreme", "self_harm.intent"),
    # after v6: an arrival and a threat to her and whoever is with her
    ("bs", "dolazim za pola sata. ako nisi sama, oboje ste mrtvi", "danger.arriving_threat"),
    ("en", "on my way. if he's there you're both dead", "danger.arriving_threat"),
    # after v6: taking her by force, death threats reported, arrival to her, found + help,
    # the whole bottle, being a burden, a farewell note, a child's sibling groomed
    ("sq", "vellezerit e tij thone qe te shtunen do me marrin me zor", "threat.with_time"),
    (
        "sq",
        "ka ardh nga Gjermania, vjen te une sonte, me ka kercenuar me vdekje",
        "danger.arriving_threat",
    ),
    ("sq", "te pres poshte kur te dalesh nga puna. s ke me dal gjalle", "threat.with_time"),
    ("sq", "me ka gjet perseri. ndihm ju lutem", "danger.abuser_near"),
    ("sq", "sa ore duhen nese i pi te gjitha tabletat e mamit", "self_harm.intent"),
    ("sq", "jam barre per te gjithe, me mire pa mu", "self_harm.intent"),
    ("mk", "ако го читате ова, ништо не е ваша вина, ве сакам", "self_harm.intent"),
    ("mk", "знам каде живееш. до 9 сум таму", "danger.found_arriving"),
    ("bs", "mama, ja sam svima samo teret, oprosti", "self_harm.intent"),
    ("hr", "bit će vam lakše kad mene više ne bude", "self_harm.intent"),
    ("hr", "ako to objavi bacit ću se pod vlak", "self_harm.intent"),
    ("sq", "tha qe te premten me vraj nese nuk kthehem", "threat.with_time"),
    ("sr_Latn", "nece me ni vrata zaustaviti", "danger.abuser_near"),
    # after v7: a time with "I'll finish with you" or "your last night", farewells, a river
    # waiting, a child's images sold
    ("hr", "sutra ujutro kad djeca odu u školu završit ću s tobom", "threat.with_time"),
    ("sr_Latn", "veceras ti je zadnja noc, znam da si sama", "threat.with_time"),
    ("sq", "e kam shkru letren per nanen, me falni te gjithe", "self_harm.intent"),
    ("sq", "nese e poston videon une i pi te gjitha", "self_harm.intent"),
    ("mk", "нема место за мене на овој свет", "self_harm.intent"),
    ("sr", "нећу дочекати прекосутра ако то објави", "self_harm.intent"),
    ("bs", "ako to objavi, Drina me čeka", "self_harm.intent"),
    ("hr", "prodaju snimke moje nećakinje od 14 godina", "minor.sexual"),
    # after v8 (evaluated first): "želim se ubiti" with "se" before the verb, following her
    # car on the road, moving towards the safe house, pills so as not to wake up
    ("hr", "stvarno se želim ubiti, nije šala", "self_harm.intent"),
    ("bs", "prati me autom po magistrali već pola sata", "danger.abuser_near"),
    ("mk", "на 10 минути е од куќата и се движи кон нас", "danger.abuser_near"),
    ("sq", "mora ilace qe mos me u zgju ma", "self_harm.intent"),
    ("en", "our little cousin is being groomed on roblox by a grown man", "minor.sexual"),
    # round 9: "I found where you are, I'm on my way", and a "lol" far earlier in a long
    # account does not excuse it (laughter drops only the threat words near it)
    ("sq", "ai me shkroi 'e gjeta ku je, jam ne rruge'", "danger.found_arriving"),
    (
        "sq",
        "sot ishim ne ditelindjen e mbeses ne Ulqin, perla e detit lol, torta me pikachu se "
        "ajo eshte e cmendur pas pokemon, femijet luajten ne plazh. tani jemi ne apartament "
        "me qira, burri mbeti ne Tirane, "
        "pa dashje i postova storie me pamjen nga ballkoni. ai me shkroi 'e gjeta ku je, "
        "jam ne rruge, sonte do flasim si duhet'",
        "danger.found_arriving",
    ),
    # round 10: kicking the door in, "don't look for me", "better this way for everyone",
    # "you know what I have in my jacket", slaughtering everyone at the slava
    ("hr", "ŠUTIRA VRATA, sakrila sam se", "danger.abuser_near"),
    ("sq", "po e shkelmon deren", "danger.abuser_near"),
    ("mk", "ги дадов сите мои работи. не ме барајте", "self_harm.intent"),
    ("mk", "na terasa sum. podobro vaka za site", "self_harm.intent"),
    ("bs", "kad izađeš ideš sa mnom, a ako vrisneš znaš šta imam u jakni", "threat.weapon"),
    ("sr", "рекао је да ће сутра доћи и клати све редом", "threat.with_time"),
    # round 11: his live location moving toward her, hiding from him (laughter earlier in the
    # text no longer excuses it), "tell mum I'm sorry", an ambush at a time, "I know you're
    # upstairs", pictures of a child from the bathroom
    ("en", "his live location is moving towards my mum's house", "danger.abuser_near"),
    (
        "sr_Latn",
        "haha svi igraju, a on mi pokazao noz na parkingu. pobegla sam",
        "weapon.with_place",
    ),
    ("hr", "kažite mami da mi je žao. oprostite", "self_harm.intent"),
    ("mk", "ќе те дочекам утре пред работа", "threat.with_time"),
    ("mk", "znam deka si gore, ne se krij", "danger.abuser_near"),
    ("bs", "komšija traži od moje kćerke od 10 godina slike iz kupatila", "minor.sexual"),
    (
        "hr",
        "sjeo je na bus, stiže navečer i kaže da ti je ovo zadnji dan",
        "danger.arriving_threat",
    ),
    # round 12: a girl under 18 whose images are threatened, released from custody and on
    # his way, "here I am, where will you go now", locked in the bathroom with the children,
    # the address of her mother's house and driving down now
    (
        "sr_Latn",
        "imam 16 godina. rekao je da će ih poslati u grupu razreda ako ne dođem",
        "minor.image_threat",
    ),
    ("sr", "пуштен је из затвора јуче и пише да стиже", "danger.arriving_fear"),
    ("cnr", "evo me, đe ćeš sad", "danger.arriving_order"),
    ("bs", "zakljucana sam sa djecom u kupatilu, lupa", "danger.abuser_near"),
    ("en", "he got my mum's address and he's driving down now", "danger.found_arriving"),
    # round 13: an axe taken out of the boot, "if you value your life", a threat with its time
    # inside it, going to the railway, iron bars waiting, "I'm close", drunk and smashing things
    ("sr", "изнео је секиру из гепека и вади нож", "threat.weapon"),
    ("bs", "izađi sama večeras ako ti je život mio", "threat.with_time"),
    ("hr", "rekao je da će me večeras zaklati", "threat.with_time"),
    ("cnr", "idem na prugu noćas, oprostite", "self_harm.intent"),
    ("sq", "nese del nesër do të presin me hekura", "threat.weapon"),
    ("sq", "afer jam, dil", "danger.abuser_near"),
    ("sr_Latn", "pijan je i razbija stvari, deca su u sobi", "danger.abuser_near"),
    # round 14: "none of us will stay alive" with an arrival, breaking in, a will written,
    # pills gathered (Albanian), "already in Bitola ... I'll break every door"
    ("hr", "sutra u podne dolazi i kaže da nitko od nas neće ostati živ", "threat.with_time"),
    ("bs", "provaljuje unutra, pomozite", "danger.abuser_near"),
    ("sr_Latn", "napisala sam oporuku, sve je sređeno", "self_harm.intent"),
    ("sq", "kam mbledh tableta, nuk do jem gjalle neser", "self_harm.intent"),
    ("mk", "веќе сум во скопје. ќе ги кршам сите врати", "danger.arriving_threat"),
    ("mk", "колата му е паркирана пред мојата зграда", "danger.abuser_near"),
    # phrases that used regular-expression syntax the grammar does not have, and so never
    # matched as written: "se?", "m[0-9]*"
    ("hr", "bacit ću pod vlak, ne mogu više", "self_harm.intent"),
    ("en", "im on the m6 coming, open the door", "danger.arriving_order"),
]

HIGH_CASES = [
    ("en", "pay me 500 euros or i post your nudes everywhere", "sextortion.demand"),
    ("sq", "më paguaj 200 euro ose do t'i publikoj fotot", "sextortion.demand"),
    ("sr", "платиш 300 евра или објављујем твоје слике", "sextortion.demand"),
    ("sr_Latn", "platis 300 evra ili objavljujem tvoje slike", "sextortion.demand"),
    ("hr", "pošalji još slika ili ću ih poslati tvojim roditeljima", "sextortion.demand"),
    ("mk", "плати 100 евра или ќе ги објавам твоите слики", "sextortion.demand"),
    ("mk", "plati 100 evra ili ke gi objavam slikite", "sextortion.demand"),
    ("bs", "prijetio je da će me ubiti", "threat.violence"),
    ("en", "he threatened to kill me last year", "threat.violence"),
    # Told of someone else (a parent, a friend): a threat to publish her pictures.
    ("sr", "Непознати тражи од ње новац и прети да ће објавити њене слике", "sextortion.demand"),
    ("hr", "prijetio je da će poslati njezine snimke cijelom razredu", "image.threat_share"),
    # a hunting weapon named in a threat stays a weapon (the hunting cue is for trips)
    ("sq", "pushka e gjuetise s'eshte vetem per derra, mos harro", "weapon.mention"),
    ("bs", "stari mi je lovac. puška je od jučer kod mene", "weapon.mention"),
]

NONE_TEXTS = [
    "Hello, how does this bot work?",
    "Përshëndetje, si funksionon ky bot?",
    "Здраво, како функционира ова?",
    "Zdravo, kako mogu da prijavim nešto?",
    "Hvala vam puno na pomoći",
    "Today I went to school and it was fine",
    "Danas sam bila na poslu, sve je u redu",
    "I love my kids, they are the best",
    "Can I delete my data later?",
    "Сакам да ја избришам пораката",
]


# Look-alikes that share the words of danger but are not: a friend picking her up, lyrics,
# hunting, gaming, news, a parent's "threat", Albanian "sot u" ("today I ...") that folds
# like "shoot u", Bosnian "se sekira" ("worries") beside "sekira" ("axe").
LOOKALIKES = [
    "dolazim po tebe u 8, ponesi kupaći, idemo na bazen",
    "ispred sam, siđi, idemo na kafu",
    "I'm outside, come down, we're late for the cinema",
    "do te vij te marr ne 7, merr rrobat e banjes, shkojme ne plazh",
    "'ubiću te poljupcem' pjeva onaj lik na radiju",
    "tata i ja idemo u lov u subotu, puške su spremne",
    "babi shkon per gjah neser, i ka pushket gati",
    "со тато одиме на лов во сабота, пушката е спремна",
    "we go hunting on saturday morning, guns already in the car",
    "ubicu te na serveru veceras",
    "news: man jailed for threatening to kill his ex",
    "mama mi prijeti da će mi uzeti mobitel ako ne usisam",
    "sot u nisa per ne pune",
    "mama se sekira kad kasnim",
    "me fal, s'kam pse te shqetesoj",
    "stigla mi nova airsoft puška, u subotu igramo",
    "kolinje u subotu kod djeda, noževi su naoštreni",
    "prokuroria tha se i pandehuri e kercenoi me arme",
    # round 6: a threat said not to have been made, a caseworker's question, a series, cooking
    "he never threatened me, he just won't stop messaging",
    "nije mi nikad prijetio, samo stalno zove",
    "nuk me kercenon, vetem me shkruan gjithe diten",
    "не ми се заканува, само ми пишува секој ден",
    "da li vam je neko prijetio putem telefona? to pitamo sve",
    "gledam seriju, lik joj šalje prijetnje, sutra nova epizoda",
    "pile ispeci u rerni, nožem probaj je li pečeno",
    "svi ste gotovi sa ispitima, bravo cure",
    "oboje ste gotovi s poslom? idemo na kafu",
    "te pres aty te kafja pas punes, mos u vono",
    "do me marrin me makine ne aeroport neser",
    "nema smisla čekati taj autobus, idem pješice",
    # songs quoted and news told: the cue words drop the threat, weapon and presence near them
    "'ubiću te nežno' ta pesma mi se vrti ceo dan",
    "„ќе дојдам пред твојата врата“ оваа песна е на репит",
    "kenga e re 'do te vras me sy' eshte hit",
    "that song 'I'll be outside your door tonight' is so good",
    "vijest: u Splitu izboden muškarac nožem ispred kafića",
    "sot me vrap gjithe diten: pazari, shkolla, darka",
    "razredna poslala poruku svim roditeljima: pazite sta djeca objavljuju",
    "detyre: cfare beni nese dikush ju kercenon ne shkolle?",
    "stric i tata idu u lov u nedjelju, od jutros čiste puške na terasi",
    "ponesi nož za tortu, slavimo u 8 kod mene",
    "lajm: gruaja e plagosur me thike eshte jashte rrezikut",
    "kao socijalna radnica savjetujem da prijetnje prijavite policiji",
    "the song goes 'I know where you live, I know what you did', can't get it out of my head",
    # round 9: a watermelon knife, slicing for a recipe, "worry" (mk "секирам") beside
    # "axe" (секира), a wedding song, someone inside her account (intrusion, not presence),
    # a hunt for wild boar told at length, laughing about a sister's "threat"
    "śutra idemo za Kotor, čekam te na autobuskoj u 8, ponesi nož za lubenicu 🍉",
    "kupis filete, narezes nozem na trakice i u tavu 5 min",
    "вечерва пак учам, мама не знае, не сакам да ја секирам",
    "'ku do shkosh une do te gjej' - a e din kush e kendon kete? nga dasma",
    "ish-i me dergon screenshot te mesazheve, dmth eshte brenda ne llogarine time",
    "krenuli smo u petak u 4 ujutro, puške na ramenu, cijelo jutro smo pratili tragove "
    "divlje svinje",
    "motra ma bertiti 'nese vonohesh neser te vras' dhe ia plasem gazit te dyja",
    # round 10: wedding gunfire, a murder told from a news portal or channel, a boar hunt
    "na svadbi u Beranama opet pucali iz pištolja do zore",
    "citala sam na Klixu, ubio komsiju iz pistolja, strasno",
    "e pe lajmin ne Klan Kosova? e vrau me thike ne Peje",
    "тато оди на дива свиња, ја чисти пушката",
    # round 11: a line from a series, a news arrest, a paintball day, a teacher's notice,
    # found on a platform, an old hit, "I remember" in Serbian
    "'I'm coming for you tonight' - that line from the new season gave me chills",
    "lajm: policia arrestoi nje burre per kercenime ndaj fqinjit",
    "paintball u subotu kod Avale, puške i maske dobijete tamo",
    "Molimo roditelje da razgovaraju s djecom, bilo je prijetnji među učenicima",
    "he found me on tiktok and keeps commenting on every video",
    "ubij me nežno, stari hit, pevali smo ga do jutra",
    "сад се сећам да ми је то рекао још прошле недеље",
    # round 12: a film, fishing, a series' finale, "for spoiling the finale"
    "bili smo u kinu, u filmu ga ubije nožem, svi smo vrištali",
    "deda upecao šarana, sad ga čisti nožem u dvorištu",
    "i will kill you for spoiling the ending of that book",
    "gledamo seriju 🍿 onaj lik ima pištolj i prijeti svima",
    # round 13: a lesson, a scene acted, a sibling's charger; "s'ke pse" (no need) is not a lesson
    "today's lesson: the teacher said threatening to share nudes is a crime",
    "gledala sam film, onaj deo sa pretnjama je odlično odglumljen",
    "sestra kaže da će me zadaviti ako joj opet uzmem punjač",
    # round 14: Albanian "kerkon" (asks) is not Macedonian "керка" (daughter); a deer cull
    "ai kerkon foto seksuale nga une",
    "taking the rifle up north for the deer cull on saturday",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_stay_below_high(text: str) -> None:
    hits = scan(text)
    assert not hits or hits[0].severity < Severity.HIGH, [(h.rule_id, h.matched) for h in hits]


@pytest.mark.parametrize(("lang", "text", "rule_id"), CRITICAL_CASES)
def test_critical_in_every_language(lang: str, text: str, rule_id: str) -> None:
    hits = scan(text)
    assert hits, f"{lang}: nothing fired on {text!r}"
    assert hits[0].severity is Severity.CRITICAL
    assert rule_id in {h.rule_id for h in hits}


@pytest.mark.parametrize(("lang", "text", "rule_id"), HIGH_CASES)
def test_high_in_every_language(lang: str, text: str, rule_id: str) -> None:
    hits = scan(text)
    assert rule_id in {h.rule_id for h in hits}, (lang, text, hits)
    assert hits[0].severity >= Severity.HIGH


@pytest.mark.parametrize("text", NONE_TEXTS)
def test_harmless_texts_fire_nothing(text: str) -> None:
    assert scan(text) == []


def test_languages_covered() -> None:
    langs = {c[0] for c in CRITICAL_CASES}
    assert langs == {"en", "sq", "sr", "sr_Latn", "bs", "hr", "cnr", "mk"}


def test_diacritics_and_scripts_fold_alike() -> None:
    assert fold("Убићу те") == fold("Ubiću te") == fold("ubicu te")
    assert fold("ќе те убијам") == fold("kje te ubijam") == fold("ke te ubijam")
    assert fold("të vras") == fold("te vras")


def test_a_colon_is_kept_only_in_a_clock_time() -> None:
    assert fold("Poruka: dolazim u 13:30!") == " poruka dolazim u 13:30 "
    assert "threat.with_time" in {h.rule_id for h in scan("UBIĆU TE: VEČERAS")}


def test_stretched_words_still_match() -> None:
    assert scan("i will killlll youuu tonighttt")[0].severity is Severity.CRITICAL


def test_hits_report_what_matched() -> None:
    hit = next(h for h in scan("Ubiću te večeras") if h.rule_id == "threat.with_time")
    assert hit.matched == "ubicu te + veceras"
    assert Category.THREAT in hit.categories


def test_huge_text_is_bounded() -> None:
    text = "zdravo " * 200_000 + "ubiću te večeras"
    assert scan(text) == []  # beyond the scanned prefix: bounded cost, no crash
