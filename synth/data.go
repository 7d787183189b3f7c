package synth

// country is one party the generator writes about. The name, adjective and
// capital are forms the built-in lexicon knows for code (synth_test.go
// checks this), so the coder recognises every actor a story names.
type country struct {
	code    string
	name    string // short English name, without "the"
	def     bool   // written with "the": "the Philippines"
	adj     string
	capital string
	leader  string // title of the head of government or state met on visits
	weight  int    // how often the country is drawn, relative to the others
}

// countries are the parties of the synthetic stories. Larger weights make
// some dyads common, as they are in real news, so a dyad page over the
// corpus has a long timeline and a rare pair has a short one.
var countries = []country{
	{"VNM", "Vietnam", false, "Vietnamese", "Hanoi", "Prime Minister", 5},
	{"UZB", "Uzbekistan", false, "Uzbek", "Tashkent", "President", 3},
	{"KGZ", "Kyrgyzstan", false, "Kyrgyz", "Bishkek", "President", 2},
	{"KAZ", "Kazakhstan", false, "Kazakh", "Astana", "President", 2},
	{"RUS", "Russia", false, "Russian", "Moscow", "President", 5},
	{"CHN", "China", false, "Chinese", "Beijing", "President", 6},
	{"JPN", "Japan", false, "Japanese", "Tokyo", "Prime Minister", 4},
	{"KOR", "South Korea", false, "South Korean", "Seoul", "President", 3},
	{"IND", "India", false, "Indian", "New Delhi", "Prime Minister", 4},
	{"PAK", "Pakistan", false, "Pakistani", "Islamabad", "Prime Minister", 2},
	{"BGD", "Bangladesh", false, "Bangladeshi", "Dhaka", "Prime Minister", 1},
	{"IDN", "Indonesia", false, "Indonesian", "Jakarta", "President", 3},
	{"MYS", "Malaysia", false, "Malaysian", "Kuala Lumpur", "Prime Minister", 2},
	{"THA", "Thailand", false, "Thai", "Bangkok", "Prime Minister", 2},
	{"PHL", "Philippines", true, "Philippine", "Manila", "President", 3},
	{"LAO", "Laos", false, "Lao", "Vientiane", "Prime Minister", 2},
	{"KHM", "Cambodia", false, "Cambodian", "Phnom Penh", "Prime Minister", 2},
	{"MNG", "Mongolia", false, "Mongolian", "Ulaanbaatar", "President", 1},
	{"AUS", "Australia", false, "Australian", "Canberra", "Prime Minister", 3},
	{"USA", "United States", true, "American", "Washington", "President", 6},
	{"CAN", "Canada", false, "Canadian", "Ottawa", "Prime Minister", 2},
	{"MEX", "Mexico", false, "Mexican", "Mexico City", "President", 2},
	{"BRA", "Brazil", false, "Brazilian", "Brasília", "President", 3},
	{"ARG", "Argentina", false, "Argentine", "Buenos Aires", "President", 2},
	{"CHL", "Chile", false, "Chilean", "Santiago", "President", 1},
	{"PER", "Peru", false, "Peruvian", "Lima", "President", 1},
	{"COL", "Colombia", false, "Colombian", "Bogotá", "President", 1},
	{"GBR", "United Kingdom", true, "British", "London", "Prime Minister", 4},
	{"FRA", "France", false, "French", "Paris", "President", 4},
	{"DEU", "Germany", false, "German", "Berlin", "Chancellor", 4},
	{"ITA", "Italy", false, "Italian", "Rome", "Prime Minister", 2},
	{"ESP", "Spain", false, "Spanish", "Madrid", "Prime Minister", 2},
	{"POL", "Poland", false, "Polish", "Warsaw", "Prime Minister", 2},
	{"UKR", "Ukraine", false, "Ukrainian", "Kyiv", "President", 3},
	{"TUR", "Turkey", false, "Turkish", "Ankara", "President", 3},
	{"GRC", "Greece", false, "Greek", "Athens", "Prime Minister", 1},
	{"NLD", "Netherlands", true, "Dutch", "The Hague", "Prime Minister", 1},
	{"SWE", "Sweden", false, "Swedish", "Stockholm", "Prime Minister", 1},
	{"NOR", "Norway", false, "Norwegian", "Oslo", "Prime Minister", 1},
	{"FIN", "Finland", false, "Finnish", "Helsinki", "President", 1},
	{"HUN", "Hungary", false, "Hungarian", "Budapest", "Prime Minister", 1},
	{"SRB", "Serbia", false, "Serbian", "Belgrade", "President", 1},
	{"EGY", "Egypt", false, "Egyptian", "Cairo", "President", 2},
	{"SAU", "Saudi Arabia", false, "Saudi", "Riyadh", "Prime Minister", 2},
	{"ARE", "United Arab Emirates", true, "Emirati", "Abu Dhabi", "President", 2},
	{"QAT", "Qatar", false, "Qatari", "Doha", "Prime Minister", 1},
	{"IRN", "Iran", false, "Iranian", "Tehran", "President", 3},
	{"IRQ", "Iraq", false, "Iraqi", "Baghdad", "Prime Minister", 1},
	{"ISR", "Israel", false, "Israeli", "Jerusalem", "Prime Minister", 2},
	{"JOR", "Jordan", false, "Jordanian", "Amman", "Prime Minister", 1},
	{"MAR", "Morocco", false, "Moroccan", "Rabat", "Prime Minister", 1},
	{"DZA", "Algeria", false, "Algerian", "Algiers", "President", 1},
	{"TUN", "Tunisia", false, "Tunisian", "Tunis", "President", 1},
	{"NGA", "Nigeria", false, "Nigerian", "Abuja", "President", 2},
	{"GHA", "Ghana", false, "Ghanaian", "Accra", "President", 1},
	{"KEN", "Kenya", false, "Kenyan", "Nairobi", "President", 2},
	{"ETH", "Ethiopia", false, "Ethiopian", "Addis Ababa", "Prime Minister", 1},
	{"TZA", "Tanzania", false, "Tanzanian", "Dodoma", "President", 1},
	{"UGA", "Uganda", false, "Ugandan", "Kampala", "President", 1},
	{"ZAF", "South Africa", false, "South African", "Pretoria", "President", 2},
	{"SEN", "Senegal", false, "Senegalese", "Dakar", "President", 1},
	{"AGO", "Angola", false, "Angolan", "Luanda", "President", 1},
	{"CUB", "Cuba", false, "Cuban", "Havana", "President", 1},
	{"VEN", "Venezuela", false, "Venezuelan", "Caracas", "President", 1},
	{"AZE", "Azerbaijan", false, "Azerbaijani", "Baku", "President", 1},
	{"ARM", "Armenia", false, "Armenian", "Yerevan", "Prime Minister", 1},
	{"LKA", "Sri Lanka", false, "Sri Lankan", "Colombo", "President", 1},
	{"NPL", "Nepal", false, "Nepali", "Kathmandu", "Prime Minister", 1},
}

// Invented people. None of these names is a name, alias or place in the
// built-in lexicon (synth_test.go checks), so a person is known only by the
// title and country the story gives them on first mention.
var (
	firstNamesM = []string{"Adrian", "Bakhtiyor", "Callum", "Dario", "Emeka", "Farhad", "Gustavo",
		"Henrik", "Ilias", "Joaquim", "Kofi", "Lorenzo", "Matthias", "Nuno", "Orhan", "Radomir",
		"Anselm", "Stellan", "Tariq", "Ulrich", "Viktor", "Wendell", "Yusuf", "Zoltan"}
	firstNamesF = []string{"Adaeze", "Brigitta", "Carmela", "Dilnoza", "Elin", "Fatima", "Greta",
		"Halima", "Ingrid", "Josefina", "Katarina", "Leyla", "Marisol", "Nadia", "Oksana", "Priya",
		"Rosalind", "Solveig", "Tamsin", "Ursula", "Valentina", "Wanjiru", "Yasmin", "Zarina"}
	lastNames = []string{"Abernathy", "Balogun", "Castellanos", "Dvorakova", "Eriksdottir", "Fairbanks",
		"Gallardo", "Haraldsen", "Ibekwe", "Jankowski", "Kovalenko", "Lindqvist", "Mbatha", "Nordahl",
		"Okonkwo", "Pellegrini", "Quintero", "Rasulova", "Saarinen", "Tomasevic", "Urquhart",
		"Valdivieso", "Wojcik", "Yamashiro", "Zeller", "Achterberg", "Brannigan", "Dunmore",
		"Esterhazy", "Falkenrath", "Grimaldo", "Holloway", "Iskandarov", "Kirkegaard", "Lachance",
		"Montalban", "Nakashima", "Ostrowski", "Prendergast", "Rautenbach", "Stavridis", "Thorvaldsen",
		"Vandermeer", "Whitcombe", "Zamorano"}
)

// publishers are the invented news outlets the articles come from.
var publishers = []string{
	"Meridian Post", "Global Affairs Wire", "The Harbour Herald", "Continental News Agency",
	"Asia Pacific Daily", "The Northern Courier", "Lakeside Times", "The Evening Ledger",
	"Crossroads News Service", "The Summit Observer", "Capital Review", "The Atlas Bulletin",
	"Eastern Seaboard Press", "World Desk Online", "The Morning Dispatch", "Riverbank Gazette",
}

// fields are areas of cooperation, lower case, as they appear mid-sentence.
var fields = []string{
	"trade", "investment", "energy", "renewable energy", "nuclear power", "education", "tourism",
	"agriculture", "healthcare", "digital transformation", "transport", "logistics", "aviation",
	"finance", "banking", "culture", "science and technology", "defence", "security", "labour",
	"Halal food", "semiconductors", "infrastructure", "mining", "fisheries", "climate change",
}

// agreementTopics complete agreement titles: "Memorandum of Understanding
// on Cooperation in ...".
var agreementTopics = []string{
	"Agriculture", "Tourism", "Education and Training", "Energy", "Digital Transformation",
	"Healthcare", "Culture and Arts", "Transport", "Customs", "Science and Technology", "Halal Food",
	"Nuclear Energy", "Maritime Affairs", "Labour and Social Protection", "Sports", "Civil Aviation",
	"Information and Communications", "Water Resources", "Disaster Management", "Banking",
}

// disputes are what one party condemns, protests or accuses the other of.
// Each is a noun phrase owned by the accused party ("X's ...").
var disputes = []string{
	"missile test", "military build-up along the border", "detention of fishermen",
	"violation of its airspace", "seizure of a cargo ship", "expulsion of journalists",
	"construction work on the disputed islands", "cyberattack on government networks",
	"naval manoeuvres in disputed waters", "ban on grain imports", "arrest of an opposition leader",
}

// accusations complete "accused X of ...".
var accusations = []string{
	"violating its airspace", "supporting armed groups", "interfering in its internal affairs",
	"harassing its fishermen", "spreading disinformation", "stealing trade secrets",
	"mistreating its citizens", "breaching the ceasefire",
}

// summits are meetings where leaders of two countries meet on the sidelines.
var summits = []string{
	"ASEAN Summit", "G20 summit", "BRICS summit", "United Nations General Assembly",
	"East Asia Summit", "Shanghai Cooperation Organisation summit", "Munich Security Conference",
	"World Economic Forum", "COP climate conference", "African Union summit",
}

// partnerships are named frameworks relations are upgraded to.
var partnerships = []string{
	"Comprehensive Strategic Partnership", "Strategic Partnership", "Comprehensive Partnership",
	"Enhanced Strategic Partnership", "Strategic Cooperation Partnership",
}

// disasters bring aid: the noun, and the headline's "...-hit".
var disasters = []struct{ noun, hit string }{
	{"the floods", "flood-hit"}, {"the earthquake", "quake-hit"}, {"the typhoon", "typhoon-hit"},
	{"the drought", "drought-hit"}, {"the landslides", "landslide-hit"}, {"the wildfires", "wildfire-hit"},
	{"the cyclone", "cyclone-hit"},
}

// teaserEnds complete web-page teasers: "<Country> and <Country> ...".
var teaserEnds = []string{
	"sign visa waiver deal", "to open direct flights", "discuss rice exports",
	"hold first strategic dialogue", "eye closer rail links", "mark anniversary of ties",
	"launch joint tourism campaign", "review trade barriers",
}
