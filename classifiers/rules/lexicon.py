"""The safety lexicon: concepts (groups of phrases) in every project language.

Languages: English, Albanian (standard and Gheg), Serbian, Bosnian, Croatian,
Montenegrin (one BCMS list: ekavian and ijekavian forms, Cyrillic folds to
Latin) and Macedonian. Phrases are folded before matching (see `patterns`),
so write them naturally; Cyrillic entries are kept where it helps reviewers.
Precision matters as much as recall here: every rule can only raise severity,
so a phrase that fires on ordinary talk would grade harmless texts as high.
"""

from __future__ import annotations

# Threats of violence against the person addressed (or reported as made).
THREAT = [
    # en
    "kill you", "kill u", "kill ya", "murder you", "hurt you", "hurt u", "beat you*",
    "beat u", "beat the * out of you", "break your*", "smash your*", "rape you", "rape u",
    "slit your*", "burn you*", "burn your*", "you re dead", "youre dead", "you are dead",
    "ur dead", "ur gonna die", "you will die", "you ll die", "you re going to die",
    "end you", "make you suffer", "strangle you", "choke you", "cut you", "wont live",
    "won t live", "kill me", "kill her", "going to hurt me", "beat me up",
    "threatened to *", "threatening to *", "threatens to *", "threatened me",
    "threatening me", "death threat*", "throw acid", "acid in your face", "i ll get you",
    "bury you", "will hurt me", "he ll hurt me", "ill find you", "i ll find you", "i will find you", "break your neck",
    "wishes me dead", "he will kill", "hell kill", "he ll kill",
    # BCMS
    "ubi* te", "ubit ću te", "ubiću te", "da te ubij*", "ubij* te", "ubiće me", "ubit će me",
    "da me ubij*", "ubije me", "ubiti te", "ubiti me", "prebi* te", "prebit ću te",
    "prebij* te", "isprebija*", "zakla* te", "zakolj* te", "zaklat ću te", "mrtva si",
    "mrtav si", "gotova si", "nećeš preživ*", "nećeš dugo", "polomi* ti", "slomi* ti",
    "slomit ću ti", "razbi* ti", "silova* te", "zapali* te", "zapali* ti", "spali* te",
    "naći ću te", "naci cu te", "pronaći ću te", "pronaći te", "prijeti mi", "preti mi",
    "prijetio *", "pretio *", "prijeti da *", "preti da *", "prijetnj*", "pretnj*",
    "prijetnje smrću", "pretnje smrću", "iskasapi*", "zadavi* te", "udavi* te",
    "polić* kiselin*", "oči ću ti", "glavu ću ti", "bićeš mrtva", "bices mrtva",
    "ubiće te", "ubit će te", "zakopa* te",
    # sq
    "do të vras", "të vras", "t vras", "do ta vras", "do të vrasë", "do më vras*",
    "do me vra", "me vra", "të vra", "do të rrah", "të rrah", "do më rrah*",
    "do të mbys", "të mbys", "do më mbys*", "je e vdekur", "je i vdekur", "do të vdesësh",
    "do vdesësh", "do të përdhunoj", "do të djeg", "do ta djeg", "do të gjej",
    "do të të gjej", "kërcënoi", "më kërcënon", "kërcënim*", "kercenon", "do të ther*",
    "do të pres fytin", "do të thyej", "do ta thyej", "të coptoj", "do të coptoj",
    # mk
    "ќе те убијам", "ке те убијам", "те убијам", "ќе те утепам", "те утепам", "ќе те тепам",
    "ќе те заколам", "ќе те силувам", "ќе те најдам", "ќе ме убие", "ќе ме утепа",
    "мртва си", "мртов си", "ќе те запалам", "ќе те скршам", "ќе ти ја скршам",
    "се закани", "ми се заканува", "закан*", "нема да преживееш", "ќе те задавам",
]

# Violence that names a weapon: critical on its own.
WEAPON_THREAT = [
    "stab you", "stab u", "shoot you", "shoot u", "knife you", "gun to your head",
    "put a bullet", "bullet in your*", "shoot me", "stab me", "pulled a knife",
    "pulled a gun", "held a knife", "knife to my throat", "gun to my head",
    "izbo* te", "izbost ću te", "izbošću te", "upuca* te", "upucaću te", "pucaću u tebe",
    "pucat ću u tebe", "metak u čelo", "metak u glavu", "prosvira* ti", "nož pod grlo",
    "nož pod vrat", "izboš* te", "izbo* me", "upuca* me", "pištolj u glavu",
    "do të qëlloj", "do të qellloj", "të qëlloj", "një plumb", "plumb në kokë",
    "me thikë", "me armë", "do të shpoj", "ќе те застрелам", "те застрелам",
    "ќе те избодам", "те избодам", "куршум во глава", "со нож", "со пиштол",
]

# A weapon named without a threat in the same breath (survivor accounts).
WEAPON = [
    "knife", "knives", "gun", "guns", "pistol", "rifle", "shotgun", "axe", "machete",
    "acid", "firearm", "bullet", "bullets", "bomb",
    "nož", "noževe", "nožem", "noža", "pištolj*", "puška", "puške", "puškom", "sekir*",
    "sjekir*", "mačet*", "kiselin*", "metak", "metke", "metkom", "oružje", "oružjem",
    "bomba", "bombu", "kalašnjikov*",
    "thikë", "thikën", "thika", "armë", "armën", "pistoletë", "pistoletën", "pistoleta",
    "pushkë", "pushkën", "sëpatë", "sëpatën", "plumb", "plumbi", "plumbin",
    "нож", "ножот", "пиштол*", "пушка", "пушката", "секира", "киселина", "куршум*",
    "оружје",
]

# Imminence: when, said together with a threat.
TIME = [
    "tonight", "today", "tomorrow", "right now", "this evening", "this weekend",
    "in an hour", "in * minutes", "in a few minutes", "after work", "after school",
    "after class", "when you get home", "when you come home", "by midnight",
    "this week", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday",
    "on saturday", "on sunday", "till tomorrow", "until tomorrow", "next time i see you",
    "večeras", "noćas", "danas", "sutra", "odmah", "sada", "sad ću", "za sat", "za pola sata",
    "za * minuta", "posle posla", "poslije posla", "posle škole", "poslije škole",
    "do ponoći", "ovaj vikend", "ovog vikenda", "u ponedeljak", "u ponedjeljak",
    "u utorak", "u sredu", "u srijedu", "u četvrtak", "u petak", "u subotu", "u nedelju",
    "u nedjelju", "kad dođeš kući", "kad se vratiš",
    "sonte", "sot", "nesër", "tani", "menjëherë", "pas punës", "pas shkollës",
    "për një orë", "për pak minuta", "këtë fundjavë", "të hënën", "të premten",
    "të shtunën", "të dielën", "kur të kthehesh",
    "вечерва", "денес", "утре", "сега", "веднаш", "за еден час", "по работа",
    "по училиште", "овој викенд", "во петок", "во сабота", "во недела",
    r"re:[0-9]{1,2}(?::[0-9]{2})? ?(?:pm|am|h|sati|sat|ora|casot|cas)",
    r"re:(?:at|u|ne|në|vo|в|во|oko|rreth) [0-9]{1,2}(?::[0-9]{2})?",
    r"re:[0-9]{1,2}:[0-9]{2}",
]

# Places where the survivor can be found, said together with a threat.
PLACE = [
    "at your work", "at your job", "your workplace", "at your school", "your school",
    "outside your house", "outside your home", "outside your flat", "outside your work",
    "outside your school", "in front of your house", "in front of your building",
    "in front of your school", "in front of your work", "at your door", "your house", "your home", "your flat",
    "your apartment", "where you live", "where you work", "where you study", "your address",
    "your parents house", "your mum s house", "your mom s house", "at the gym",
    "ispred tvoje kuće", "ispred tvoje zgrade", "ispred tvoje škole", "ispred tvog stana",
    "ispred tvog posla", "ispred tvog ulaza", "kod tvoje kuće", "kod tvojih", "na tvom poslu",
    "na poslu", "u školi", "ispred škole", "ispred zgrade", "pred vratima", "ispred vrata",
    "tvoju kuću", "tvoj stan", "tvoju adresu", "tvoja adresa", "gdje živiš", "gde živiš",
    "gdje radiš", "gde radiš", "na faksu", "tvojih roditelja",
    "para shtëpisë", "te shtëpia", "në shtëpinë tënde", "shtëpinë tënde", "në punë",
    "te puna", "në shkollë", "te shkolla", "te dera", "para derës", "ku jeton", "ku punon",
    "adresën tënde", "adresen tende",
    "пред твојата куќа", "пред твојата зграда", "пред твојот стан", "пред куќа*", "на работа", "на твојата работа",
    "во училиште", "во школо", "каде живееш", "каде работиш", "твојата адреса",
    "пред вратата", "пред зграда*",
]

# "I know where you live": a threat that tells her she can be found.
KNOW_WHERE = [
    "i know where you live", "i know where you work", "i know where your*",
    "know your address", "znam gdje živiš", "znam gde živiš", "znam gdje radiš",
    "znam gde radiš", "znam gdje stanuješ", "znam gde stanuješ", "znam ti adresu",
    "znam tvoju adresu", "e di ku jeton", "e di ku punon", "e di ku rri", "e di adresën",
    "знам каде живееш", "знам каде работиш", "ја знам адресата",
]

# The abuser near, on the way, or getting in: danger now.
NEAR = [
    "he is outside", "he s outside", "hes outside", "outside my door", "outside my house",
    "outside my flat", "outside my apartment", "outside my window", "at my door",
    "banging on my door", "banging on the door", "on his way", "on the way to you",
    "on my way to you", "coming for you", "coming to get you",
    "i m outside your", "im outside your", "i am outside your", "he s here", "he is here",
    "he found me", "he broke in", "breaking in", "trying to get in", "following me right now",
    "following me now", "waiting for me outside", "waiting outside", "in front of my house",
    "he is coming for me", "he s coming for me", "hes coming for me", "he s coming here",
    "he is coming here", "i m coming for you", "im coming for you",
    "ispred mojih vrata", "ispred moje kuće", "ispred moje zgrade", "ispred mog stana",
    "ispred mog ulaza", "ispred moje kapije",
    "lupa na vrata", "lupa mi na vrata", "tu je ispred", "dolazi po mene", "dolazim po tebe",
    "na putu je", "krenuo je ka meni", "krenuo je prema meni", "krenuo je po mene", "čeka me ispred", "čeka me dole", "čeka ispred",
    "provalio je", "provalio u", "pokušava da uđe", "pokušava ući", "prati me sad*",
    "prati me upravo", "evo me ispred", "stižem po tebe", "dolazim po tebe",
    "dolazim kod tebe", "evo ga ispred", "ispod mog prozora",
    "është jashtë", "jashtë derës", "para derës sime", "para shtëpisë sime",
    "po vjen për mua", "po vjen drejt meje", "po vjen te shtëpia", "po vij për ty", "më pret jashtë", "po troket", "trokët në derë",
    "u fut në shtëpi", "po më ndjek tani", "më ndjek tani", "po vjen këtu",
    "erdhi te shtëpia", "erdhi te dera",
    "пред мојата врата", "пред вратата ми", "пред мојата куќа", "пред мојот стан",
    "доаѓа кај мене", "на пат е", "доаѓам по тебе", "доаѓам кај тебе",
    "чука на врата*", "ме чека пред", "ме чека долу", "влезе во станот", "влезе во куќата",
    "ме следи сега", "пред зградата ми",
]

# The survivor's own risk of ending her life or harming herself.
SELF_HARM = [
    "kill myself", "killing myself", "kms", "end my life", "end it all", "want to die",
    "wanna die", "want to be dead", "dont want to live", "don t want to live",
    "do not want to live", "no reason to live", "suicide", "suicidal", "take my own life",
    "hurt myself", "cut myself", "cutting myself", "overdose", "better off dead",
    "not be here anymore", "slit my wrists", "jump off", "end myself", "no point living",
    "no point in living", "dont want to be alive",
    "ubiću se", "ubit ću se", "ubicu se", "ubiti se", "da se ubijem", "samoubistv*",
    "samoubojstv*", "hoću da umrem", "želim da umrem", "želim umrijeti", "želim umreti",
    "hoću umrijeti", "ne želim više da živim", "ne želim više živjeti", "ne želim da živim",
    "ne želim živjeti", "nema smisla živjeti", "nema smisla živeti", "prereza* vene",
    "skočiću", "skočit ću", "da okončam život", "okončati život", "oduzeti sebi život",
    "dići ruku na sebe", "digne ruku na sebe", "nestati zauvijek",
    "nestati zauvek", "povrijedi* sebe", "povredi* sebe", "sečem se", "siječem se",
    "režem se", "ne vredi živeti",
    "do vras veten", "të vras veten", "vras veten", "vra veten", "me vra veten",
    "dua të vdes", "dua me dek", "vetëvrasje", "nuk dua të jetoj", "s dua më të jetoj",
    "nuk dua më të jetoj", "nuk dua me jetu", "fund jetës", "fund jetës sime",
    "t i jap fund vetes", "nuk dua më të jem gjallë", "do ta mbyll jetën", "dëmtoj veten",
    "ќе се убијам", "да се убијам", "сакам да умрам", "самоубиство", "самоубиств*",
    "не сакам да живеам", "не сакам повеќе да живеам", "нема смисла да живеам",
    "да си го одземам животот", "ќе се фрлам", "ќе си го одземам животот",
    "се сечам", "да се повредам",
]

# A minor: a child of the survivor, or an age under 18.
MINOR = [
    "my daughter", "my son", "my child", "my kid", "my little sister", "my little brother",
    "a child", "children", "child", "kid", "kids", "minor", "minors", "underage",
    "under age", "under 18", "schoolgirl", "schoolboy", "teenager", "my niece",
    r"re:(?:i m|im|i am|she s|shes|she is|he is|he s|age|aged) (?:[5-9]|1[0-7])",
    r"re:(?:[5-9]|1[0-7]) ?(?:yo|y o|year old|years old|yr old|yrs old|godina|godine|godisnja|"
    r"godisnjak|godisnjakinja|godisna|godini|godisen|vjec|vjece|vjecare|vjecar)",
    "moja ćerka", "moja kćerka", "moja kći", "moju kćer", "moja kćer", "moju ćerku",
    "moju kćerku", "moje dete", "moje dijete", "moje djete", "moj sin", "mog sina", "dete",
    "dijete", "djete", "djeca", "deca", "djecu", "decu", "djetetu", "detetu", "maloletn*",
    "maloljetn*", "malodobn*", "djevojčic*", "devojčic*", "dječak*", "dečak*", "klinka",
    "klinke", "moja sestrica", "mala sestra", "srednjoškol*", "osnovc*",
    "vajza ime", "vajzën time", "djali im", "djalin tim", "fëmijë", "fëmija", "fëmijën",
    "fëmijët", "e mitur", "i mitur", "të mitur", "të miturën", "vajzë e vogël",
    "motra ime e vogël", "nxënëse",
    "мојата ќерка", "ќерка ми", "ќерката", "син ми", "синот ми", "дете", "детето", "деца",
    "малолетн*", "девојче", "девојчето", "момче од", "сестра ми мала", "ученичка",
]

# Sexual content (used with MINOR: a child being sexually exploited).
SEXUAL = [
    "nude", "nudes", "naked", "sex", "sexual*", "sexy", "porn*", "intimate", "explicit",
    "dick pic*", "sext*", "groom*", "molest*", "touched her", "touched him",
    "touching her", "take off her clothes", "undress*", "topless", "boobs", "pussy",
    "gola", "golu", "gole", "goli", "golih", "gole slike", "golišav*", "seks*", "pornič*", "intimn*",
    "eksplicitn*", "obnažen*", "skini se", "skine se", "spolno", "spolni",
    "pipa*", "dira* je", "grudi",
    "lakuriq", "lakuriqe", "seksual*", "pornograf*", "intime", "zhvishu", "zhvesh*",
    "foto nudo", "nudo", "gjinjtë",
    "голи", "гола", "голи слики", "секс*", "сексуал*", "порно*", "интимн*", "соблечи се",
    "ја допира", "го допира",
]

# Intimate images or videos of the survivor.
INTIMATE = [
    "nudes", "nude pics", "nude photos", "naked pics", "naked photos", "naked pictures",
    "intimate photos", "intimate pictures", "intimate video*", "sex tape", "sex video",
    "private pics", "private photos", "your pics", "your photos", "your video*",
    "gole slike", "gole fotke", "gole fotografije", "intimne slike", "intimni snimak",
    "intimne fotografije", "snimak", "snimke", "tvoje slike", "tvoj snimak", "golišave",
    "foto lakuriq", "fotot lakuriq", "foto intime", "fotot e tua", "fotot e tu",
    "videon", "video intime", "lakuriq",
    "голи слики", "голи фотографии", "интимни слики", "твоите слики", "видеото",
    "интимно видео",
]

# Publishing or sending her images to others.
PUBLISH = [
    "post ~ nudes", "post ~ pics", "post ~ photos", "post ~ pictures", "post ~ video*",
    "share ~ nudes", "share ~ pics", "share ~ photos", "share ~ video*", "leak ~ nudes",
    "leak ~ pics", "leak ~ photos", "leak ~ video*", "leak your*", "send ~ nudes to",
    "send ~ pics to", "send ~ photos to", "send ~ video* to", "show everyone", "upload ~ pics",
    "upload ~ photos", "upload ~ video*", "publish ~ photos", "publish ~ pics",
    "everyone will see", "the whole world will see", "your family will see",
    "send them to your*", "send it to your*", "put them online", "put it online",
    "spread ~ pics", "spread ~ photos", "your boss will see", "your parents will see",
    "objav* ~ slik*", "objav* ~ snim*", "objav* ~ fotk*", "objav* ~ fotograf*",
    "posla* ~ slik*", "posla* ~ snim*", "pošalj* ~ slik* ~ tvoj*", "pokaza* svima",
    "pokazat ću svima", "posla* ~ roditelj*", "posla* ~ porodic*", "posla* ~ obitelj*",
    "posla* ~ mužu", "send ~ to your parents", "send ~ to your family", "send ~ to your husband",
    "dërgoj ~ prindërve", "dërgoj ~ familjes", "ќе им ги пратам", "прати* ~ родител*", "svi će vid*", "svi ce vid*", "cijeli grad će vid*",
    "podijeli* ~ slik*", "podeli* ~ slik*", "okači* ~ slik*", "okači* ~ snim*",
    "prosledi* ~ slik*", "proslijedi* ~ slik*", "stavi* ~ slik* ~ internet",
        "publikoj ~ foto*", "publikoj ~ video*", "shpërndaj ~ foto*", "shpërndaj ~ video*",
    "postoj ~ foto*", "dërgoj ~ foto*", "dërgoj ~ video*", "të gjithë do të shohin",
    "të gjithë do t i shohin", "do ti shohin", "do t i shohin", "familja jote do",
    "do ti publikoj", "do t i publikoj",
    "ќе ги објавам", "објави* ~ слик*", "сподели* ~ слик*", "ќе ги пратам", "прати* ~ слик*",
    "сите ќе видат", "ќе ги испратам",
]

# Demands for money, more images, or compliance.
DEMAND = [
    "pay me", "pay or", "pay up", "you pay", "send money", "send me money", "transfer",
    "bitcoin", "btc", "crypto", "gift card*", "send me more", "send more", "more pics",
    "more photos", "more nudes", "or else", "unless you",
    r"re:[0-9]+ ?(?:eur|euro|euros|e|gbp|pounds|usd|dollars|rsd|din|dinara|km|maraka|leke|lek|"
    r"den|denari|evra)",
    "plati*", "pošalji mi novac", "pošalji pare", "novac", "pare", "novca", "para na račun",
    "ako ne platiš", "pošalji još", "još slika", "još fotki", "uplati*", "evra",
    "paguaj", "më paguaj", "më jep para", "dërgo para", "dërgom para", "lekë", "euro",
    "më dërgo më shumë", "dërgo më shumë", "më shumë foto",
    "плати*", "пари", "испрати ми пари", "евра", "испрати уште", "уште слики",
]

# An "or else" that turns a demand into a threat.
CONDITIONAL = [
    "or else", "or i", "or ill", "or i ll", "unless", "if you dont", "if you don t",
    "otherwise", "or", "ili", "или", "ili ću", "ili cu", "ako ne", "inače", "u suprotnom",
    "ose do", "ose", "nëse nuk", "përndryshe", "ndryshe",
    "или ќе", "ако не", "инаку",
]

CONCEPTS: dict[str, list[str]] = {
    "threat": THREAT,
    "weapon_threat": WEAPON_THREAT,
    "weapon": WEAPON,
    "time": TIME,
    "place": PLACE,
    "know_where": KNOW_WHERE,
    "near": NEAR,
    "self_harm": SELF_HARM,
    "minor": MINOR,
    "sexual": SEXUAL,
    "intimate": INTIMATE,
    "publish": PUBLISH,
    "demand": DEMAND,
    "conditional": CONDITIONAL,
}
