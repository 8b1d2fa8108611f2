// Abbreviations whose final dot does not, by itself, end a sentence (for the sentence segmenter).
//
// Entries are lowercased and written with their dots; multi-word abbreviations keep one space after each
// inner dot as in edited text ("t. y."), and the unspaced spelling is listed too when it is common ("t.y.").
// Several of them also end sentences legitimately: English "etc.", "inc.", "a.m."; Lithuanian "m." (metai,
// "...įvyko 2004 m."), "d." (diena), "g." (gatvė), "proc.", "kt." ("ir kt.") and "t. t.". They are listed
// anyway because the common case is mid-sentence; a segmenter should still split after one of them when
// the next word starts with a capital letter that cannot be a name following a title (e.g. not after "dr.").

/** Abbreviations by language code, in reading order of the groups below. */
export const abbreviations: Record<'en' | 'lt', readonly string[]> = {
  en: [
    // Latin and scholarly
    'e.g.', 'i.e.', 'etc.', 'cf.', 'vs.', 'viz.', 'ibid.', 'et al.', 'al.', 'approx.', 'ca.', 'incl.', 'resp.',
    'esp.', 'misc.', 'n.b.', 'p.s.',
    // titles and names
    'mr.', 'mrs.', 'ms.', 'dr.', 'prof.', 'sr.', 'jr.', 'st.', 'rev.', 'hon.', 'gen.', 'col.', 'capt.', 'lt.',
    'sgt.', 'gov.', 'sen.', 'rep.', 'ph.d.', 'm.d.', 'b.a.', 'm.a.',
    // references inside documents
    'no.', 'nos.', 'fig.', 'figs.', 'p.', 'pp.', 'vol.', 'vols.', 'ch.', 'sec.', 'art.', 'para.', 'ed.', 'eds.',
    'tab.', 'app.', 'ref.', 'refs.', 'ver.',
    // organizations and places
    'inc.', 'ltd.', 'co.', 'corp.', 'dept.', 'univ.', 'assn.', 'ave.', 'blvd.', 'rd.', 'mt.', 'u.s.', 'u.k.',
    'e.u.', 'u.n.',
    // time, dates and measures
    'a.m.', 'p.m.', 'jan.', 'feb.', 'mar.', 'apr.', 'jun.', 'jul.', 'aug.', 'sep.', 'sept.', 'oct.', 'nov.',
    'dec.', 'mon.', 'tue.', 'wed.', 'thu.', 'fri.', 'sat.', 'sun.', 'min.', 'max.', 'hr.', 'hrs.', 'sq.',
    'est.', 'tel.',
  ],
  lt: [
    // "for example", "that is", "and others", "and similar", "and so on", "also", "see", "compare"
    'pvz.', 't. y.', 't.y.', 'kt.', 'ir kt.', 'pan.', 'ir pan.', 't. t.', 't.t.', 'ir t. t.', 't. p.', 't.p.',
    'žr.', 'plg.', 'pastab.',
    // numbers, quantities and units
    'proc.', 'tūkst.', 'mln.', 'mlrd.', 'vnt.', 'nr.', 'kv.', 'val.', 'min.', 'sek.', 'mėn.', 'sav.',
    // dates: metai (year), mėnuo, diena (day), amžius (century), "this year", "last year", before/after Christ
    'm.', 'd.', 'a.', 'š. m.', 'š.m.', 'pr. m.', 'pr. kr.', 'po kr.',
    // law and documents: straipsnis, punktas/puslapis, dalis, skyrius, priedas, puslapis, redakcija, skaičius
    'str.', 'p.', 'pp.', 'dal.', 'sk.', 'pried.', 'psl.', 'red.', 'leid.', 'egz.', 'pav.', 'lent.',
    // titles and roles: docentas, profesorius, daktaras, habilituotas, vyresnysis, gerbiamas, šventasis ...
    'doc.', 'prof.', 'dr.', 'habil.', 'akad.', 'vyr.', 'jaun.', 'gerb.', 'šv.', 'kun.', 'vad.', 'pirm.',
    'insp.', 'kom.', 'gim.', 'mir.', 'a. a.',
    // addresses: gatvė, prospektas, kaimas, miestelis, rajonas, apskritis, seniūnija, buvęs ("a." aikštė and
    // "sav." savivaldybė are listed above as amžius and savaitė)
    'g.', 'pr.', 'k.', 'mst.', 'r.', 'raj.', 'apskr.', 'sen.', 'buv.',
    // contacts
    'tel.', 'faks.', 'el.', 'el. p.',
  ],
};
