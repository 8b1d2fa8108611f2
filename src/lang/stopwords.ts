// Stop words: common function words (articles, pronouns, prepositions, conjunctions, auxiliaries) per language.
//
// Lists are lowercased, in NFC, one word each (no phrases). Negations ("not", "no", "ne", "nėra") are
// included as most lists include them; a consumer that needs them (e.g. to tell "cooperates" from
// "does not cooperate") must keep them itself.

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((word) => word !== ''));
}

const ENGLISH = wordSet(`
  a an the
  i me my mine myself we us our ours ourselves you your yours yourself yourselves
  he him his himself she her hers herself it its itself they them their theirs themselves
  one ones oneself
  this that these those who whom whose which what whatever whoever
  am is are was were be been being
  have has had having do does did doing done
  will would shall should can could may might must ought
  and but or nor so yet either neither both
  if then else than because as since while whereas although though unless until till whether
  of at by for with without within about against between among into onto through throughout during
  before after above below to from up down in out on off over under upon again further once
  here there when where why how
  all any each every few more most other others some such no not only own same too very
  also just even still already ever never now however therefore thus
  much many less least lot lots
  per via
  i'm you're he's she's it's we're they're i've we've you've they've i'd we'd you'd they'd
  i'll we'll you'll they'll isn't aren't wasn't weren't don't doesn't didn't won't wouldn't
  can't cannot couldn't shouldn't hasn't haven't hadn't that's there's what's let's
`);

const LITHUANIAN = wordSet(`
  ir bei o bet tačiau ar arba nei kad jog nes todėl tad taigi nors jei jeigu kai kol kaip lyg tarsi negu nei
  ne nebe net tik dar jau vis gi juk tai pat taip gal galbūt čia ten dabar tada visada niekada
  į iš su be ant po prie per už nuo iki pas apie prieš tarp link dėl virš šalia pagal pro ties anot
  aš manęs man mane manimi manyje
  tu tavęs tau tave tavimi tavyje
  jis jo jam jį juo jame
  ji jos jai ją ja joje
  jie jų jiems juos jais juose
  joms jas jomis jose
  mes mūsų mums mus mumis
  jūs jūsų jums jus jumis
  savo savęs sau save savimi
  mano tavo
  tas ta to tam tą tuo tame toje tie tos tų tiems toms tuos tas tais tomis tuose tose
  šis ši šio šios šiam šiai šį šią šiuo šia šiame šioje šie šių šiems šioms šiuos šias šiais šiomis šiuose šiose
  kuris kuri kurio kurios kuriam kuriai kurį kurią kuriuo kuria kuriame kurioje
  kurie kurių kuriems kurioms kuriuos kurias kuriais kuriomis
  kas ko kam ką kuo kur kada kodėl koks kokia kokie kokios
  toks tokia tokie tokios tokį tokią tokių
  visas visa visi visos visų visiems visus viską viskas
  pats pati patys pačios paties pačiam
  kitas kita kiti kitos kito kitų
  yra buvo bus būti esu esi esame esate buvau buvome būtų būdavo nėra nebuvo nebus
`);

/** Stop words by language code. */
export const stopwords: Record<'en' | 'lt', ReadonlySet<string>> = {
  en: ENGLISH,
  lt: LITHUANIAN,
};
