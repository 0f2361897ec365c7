// What the scale benchmark's generated articles are made of: the seed's Arabic sentences and news sentences in German and English, title parts, places and sources.
import { seedArticle } from '../seed-article.js'

export type Language = 'ar' | 'de' | 'en'

/** The seed article's text, cut into sentences: the Arabic material. */
function seedSentences (): string[] {
  return seedArticle.sections
    .flatMap((section) => section.blocks)
    .flatMap((block) => block.type === 'paragraph' ? block.text.split(/(?<=[.!؟?])\s+/u) : [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 20)
}

const arabic = [
  'قال مسؤولون في كييف إن المحادثات مع الجانب الروسي ستستأنف الأسبوع المقبل في جنيف.',
  'وأكد المتحدث باسم وزارة الخارجية أن الحكومة تتابع التطورات عن كثب وتدعو جميع الأطراف إلى ضبط النفس.',
  'وارتفعت أسعار الطاقة في الأسواق الأوروبية بعد الإعلان عن العقوبات الجديدة.',
  'وذكرت وكالة الأنباء أن الاجتماع استمر أكثر من ثلاث ساعات دون التوصل إلى اتفاق نهائي.',
  'ويرى محللون أن الأزمة قد تستمر حتى نهاية العام إذا لم تتغير مواقف الطرفين.',
  'وفي برلين، دعا المستشار الألماني إلى عقد قمة أوروبية طارئة لبحث المساعدات الإنسانية.',
  'وأفادت تقارير بأن آلاف المدنيين غادروا المنطقة خلال الأيام الماضية بسبب القصف المتواصل.',
  'وقال البيت الأبيض في بيان إن الرئيس سيلتقي نظيره الأوكراني على هامش القمة.',
  'وتشير الأرقام الرسمية إلى تراجع معدل التضخم للشهر الثالث على التوالي.',
  'وأعلنت الأمم المتحدة عن خطة جديدة لإيصال المساعدات إلى المناطق المتضررة.',
  'وطالبت منظمات حقوق الإنسان بتحقيق مستقل في الأحداث الأخيرة.',
  'ومن المقرر أن يصوت البرلمان على مشروع القانون في جلسة الخميس المقبل.'
]

const german = [
  'Die Bundesregierung hat am Montag ein neues Hilfspaket für die Ukraine angekündigt.',
  'Nach Angaben des Außenministeriums sollen die Gespräche in der kommenden Woche in Genf fortgesetzt werden.',
  'Der Kreml wies die Vorwürfe am Abend als haltlos zurück.',
  'Ein Sprecher der Vereinten Nationen sprach von einer dramatischen humanitären Lage in der Region.',
  'Die Energiepreise an den europäischen Börsen stiegen nach der Ankündigung deutlich an.',
  'Bundeskanzler und Außenministerin wollen sich noch vor dem Gipfel mit ihren Amtskollegen abstimmen.',
  'Beobachter rechnen nicht mit einer schnellen Einigung, da beide Seiten auf ihren Forderungen beharren.',
  'Nach Angaben der Behörden wurden bei dem Angriff mindestens zwölf Menschen verletzt.',
  'Die Opposition forderte im Bundestag eine Regierungserklärung zu den jüngsten Entwicklungen.',
  'Der Sondergesandte Witkoff traf sich nach eigenen Angaben zweimal mit dem russischen Präsidenten.',
  'Wirtschaftsverbände warnten vor den Folgen neuer Sanktionen für den Mittelstand.',
  'Die Inflationsrate sank im dritten Monat in Folge und lag zuletzt bei 2,1 Prozent.',
  'In Kyjiw heulten in der Nacht erneut die Sirenen, die Luftabwehr war im Einsatz.',
  'Die Europäische Kommission legte einen Entwurf für ein weiteres Sanktionspaket vor.',
  'Tausende Menschen demonstrierten am Wochenende in der Hauptstadt für einen Waffenstillstand.',
  'Der Bürgermeister kündigte an, die Notunterkünfte für Geflüchtete weiter auszubauen.',
  'Experten sehen in dem Treffen ein erstes Signal der Entspannung, warnen aber vor zu hohen Erwartungen.',
  'Ein Regierungssprecher betonte, man stehe in engem Austausch mit den Partnern in Washington.',
  'Die Bahn meldete wegen eines Streiks erhebliche Einschränkungen im Fernverkehr.',
  'Das Verfassungsgericht will seine Entscheidung im Frühjahr verkünden.',
  'Nach dem Unwetter sind in mehreren Gemeinden noch immer Tausende Haushalte ohne Strom.',
  'Die Polizei bat die Bevölkerung um Hinweise und richtete ein Bürgertelefon ein.',
  'Der Haushaltsausschuss gab nach langer Debatte grünes Licht für die zusätzlichen Mittel.',
  'Die Gewerkschaft kündigte weitere Warnstreiks an, sollte es kein besseres Angebot geben.',
  'Ob es zu einem persönlichen Treffen der Präsidenten kommt, blieb zunächst offen.',
  'Der Minister räumte Fehler bei der Kommunikation ein und versprach rasche Aufklärung.',
  'Laut einer aktuellen Umfrage befürwortet eine Mehrheit der Befragten weitere Verhandlungen.',
  'Die Zahl der Asylanträge ging im Vergleich zum Vorjahr leicht zurück.',
  'Im Hafen von Odessa wurden nach Angaben der Regierung wieder Getreideschiffe beladen.',
  'Der Gipfel endete ohne gemeinsame Abschlusserklärung.'
]

const english = [
  'The government announced a new aid package for Ukraine on Monday.',
  'Talks are expected to resume in Geneva next week, according to the foreign ministry.',
  'The Kremlin dismissed the allegations as groundless late on Tuesday.',
  'A United Nations spokesperson described the humanitarian situation in the region as dire.',
  'Energy prices on European markets rose sharply after the announcement.',
  'Special envoy Witkoff said he had met the Russian president twice in recent weeks.',
  'Analysts do not expect a quick agreement, as both sides are sticking to their demands.',
  'At least twelve people were injured in the attack, local authorities said.',
  'The opposition called for an urgent debate in parliament on the latest developments.',
  'Business groups warned that new sanctions could hurt small and medium-sized companies.',
  'Inflation fell for a third month in a row and stood at 2.1 percent in the latest figures.',
  'Air raid sirens sounded again overnight in Kyiv as air defences went into action.',
  'The European Commission presented a draft of a further sanctions package.',
  'Thousands of people marched through the capital at the weekend calling for a ceasefire.',
  'The mayor said emergency shelters for refugees would be expanded further.',
  'Experts see the meeting as a first sign of easing tensions but caution against high expectations.',
  'A government spokesman stressed that officials were in close contact with partners in Washington.',
  'Rail services were severely disrupted by a strike, the operator said.',
  'The constitutional court is expected to announce its ruling in the spring.',
  'Thousands of households in several towns were still without power after the storm.',
  'Police appealed to the public for information and set up a hotline.',
  'After a long debate the budget committee approved the additional funds.',
  'The union announced further walkouts unless a better offer is made.',
  'Whether the two presidents will meet in person remained unclear.',
  'The minister admitted mistakes in communication and promised a swift inquiry.',
  'A majority of those polled support further negotiations, according to a new survey.',
  'The number of asylum applications fell slightly compared with the previous year.',
  'Grain ships were being loaded again in the port of Odesa, the government said.',
  'The summit ended without a joint final declaration.',
  'Markets in Asia opened lower as investors awaited the central bank decision.'
]

/** The sentences articles are made of, by language. */
export const sentences: Record<Language, string[]> = { ar: [...seedSentences(), ...arabic], de: german, en: english }

/** A made-up name, planted in one article in ten thousand: the rare word searched for. */
export const rareWord = 'Zyrtanowski'
export const rareSentences: Record<Language, string> = {
  ar: `وقال الوسيط ${rareWord} إن الطرفين وافقا على مواصلة الحوار.`,
  de: `Der Vermittler ${rareWord} sagte, beide Seiten hätten einer Fortsetzung des Dialogs zugestimmt.`,
  en: `The mediator ${rareWord} said both sides had agreed to continue the dialogue.`
}

/** Titles are one part of each list, joined: some 10 × 10 × 8 titles per language. */
export const titleParts: Record<Language, [string[], string[], string[]]> = {
  ar: [
    ['بوتين وترامب', 'الحكومة الألمانية', 'الأمم المتحدة', 'البيت الأبيض', 'الكرملين', 'الاتحاد الأوروبي', 'وزير الخارجية', 'البرلمان', 'كييف', 'المستشار الألماني'],
    ['اجتماع لوقف إطلاق النار', 'محادثات جديدة', 'عقوبات إضافية', 'خطة للمساعدات', 'تحذير من التصعيد', 'قمة طارئة', 'اتفاق مبدئي', 'انتقادات حادة', 'مفاوضات صعبة', 'زيارة مفاجئة'],
    ['الأمل في أوكرانيا', 'في جنيف', 'قبل القمة', 'بعد القصف', 'في موسكو', 'وسط التوتر', 'رغم الخلافات', 'للمرة الأولى']
  ],
  de: [
    ['Putin und Trump', 'Bundesregierung', 'Vereinte Nationen', 'Weißes Haus', 'Kreml', 'EU-Kommission', 'Außenministerin', 'Bundestag', 'Kyjiw', 'Bundeskanzler'],
    ['Treffen zur Waffenruhe', 'neue Gespräche', 'weitere Sanktionen', 'Hilfspaket', 'Warnung vor Eskalation', 'Krisengipfel', 'erste Einigung', 'scharfe Kritik', 'schwierige Verhandlungen', 'überraschender Besuch'],
    ['Hoffnung für die Ukraine', 'in Genf', 'vor dem Gipfel', 'nach den Angriffen', 'in Moskau', 'trotz Spannungen', 'trotz Streit', 'zum ersten Mal']
  ],
  en: [
    ['Putin and Trump', 'German government', 'United Nations', 'White House', 'Kremlin', 'EU Commission', 'Foreign minister', 'Parliament', 'Kyiv', 'Chancellor'],
    ['ceasefire meeting', 'new talks', 'further sanctions', 'aid package', 'warning of escalation', 'emergency summit', 'first agreement', 'sharp criticism', 'tough negotiations', 'surprise visit'],
    ['hope for Ukraine', 'in Geneva', 'ahead of summit', 'after the strikes', 'in Moscow', 'amid tensions', 'despite the dispute', 'for the first time']
  ]
}

export const headings: Record<Language, string[]> = {
  ar: ['وقف إطلاق النار والجهود الدبلوماسية', 'ردود الفعل والتحديات', 'علق الخبراء', 'الوضع الإنساني', 'الخلفية'],
  de: ['Reaktionen', 'Hintergrund', 'Die Lage vor Ort', 'Was Experten sagen', 'Wie es weitergeht'],
  en: ['Reactions', 'Background', 'The situation on the ground', 'What experts say', 'What comes next']
}

export interface PlaceMaterial { name: string, locality: string, country: string, countryCode: string, latitude: number, longitude: number }

export const places: PlaceMaterial[] = [
  { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: 55.7558, longitude: 37.6173 },
  { name: 'Sankt Petersburg, Russland', locality: 'Sankt Petersburg', country: 'Russland', countryCode: 'RU', latitude: 59.9375, longitude: 30.3086 },
  { name: 'Kyjiw, Ukraine', locality: 'Kyjiw', country: 'Ukraine', countryCode: 'UA', latitude: 50.4501, longitude: 30.5234 },
  { name: 'Odessa, Ukraine', locality: 'Odessa', country: 'Ukraine', countryCode: 'UA', latitude: 46.4825, longitude: 30.7233 },
  { name: 'Berlin, Deutschland', locality: 'Berlin', country: 'Deutschland', countryCode: 'DE', latitude: 52.52, longitude: 13.405 },
  { name: 'Hamburg, Deutschland', locality: 'Hamburg', country: 'Deutschland', countryCode: 'DE', latitude: 53.5511, longitude: 9.9937 },
  { name: 'Washington, USA', locality: 'Washington', country: 'USA', countryCode: 'US', latitude: 38.9072, longitude: -77.0369 },
  { name: 'New York, USA', locality: 'New York', country: 'USA', countryCode: 'US', latitude: 40.7128, longitude: -74.006 },
  { name: 'Genf, Schweiz', locality: 'Genf', country: 'Schweiz', countryCode: 'CH', latitude: 46.2044, longitude: 6.1432 },
  { name: 'Brüssel, Belgien', locality: 'Brüssel', country: 'Belgien', countryCode: 'BE', latitude: 50.8503, longitude: 4.3517 },
  { name: 'Kairo, Ägypten', locality: 'Kairo', country: 'Ägypten', countryCode: 'EG', latitude: 30.0444, longitude: 31.2357 },
  { name: 'Beirut, Libanon', locality: 'Beirut', country: 'Libanon', countryCode: 'LB', latitude: 33.8938, longitude: 35.5018 }
]

export const sources = [
  { name: 'dpa', publisher: 'Deutsche Presse-Agentur' },
  { name: 'AFP', publisher: 'Agence France-Presse' },
  { name: 'Reuters', publisher: 'Thomson Reuters' },
  { name: 'AP', publisher: 'Associated Press' }
]
