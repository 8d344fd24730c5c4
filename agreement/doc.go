// Package agreement measures how far annotators agree on the labels of one
// target (stance or sentiment), as a check of the codebook and of the
// labelled corpus before a classifier is scored against it.
//
// The data are reliability data: units (sentences, named by article and
// index) × coders (annotators), each cell a category or missing. FromRecords
// builds them from one labelled file per annotator, matching sentences by
// (article, index) and refusing files whose texts differ; New builds them
// from a plain matrix. An empty label means the annotator gave none
// (skipped, unsure): it is missing, never a category, and no statistic
// treats it as one.
//
// Every statistic comes as a Stat: a value, or Defined false and a Reason.
// Chance-corrected statistics divide by something that some data make zero,
// and there a reported 0 or 1 would be a lie; the reason says which case
// was met. The cases are checked on integer counts, not on rounded floats.
//
//   - Counts: units, units with labels from two or more coders (pairable),
//     units labelled by every coder (complete), labels given.
//   - PercentAgreement: over pairable units, the mean share of pairs of
//     coders that agree. Not corrected for chance: with one dominant
//     category it is high whatever the coders do. Undefined with no
//     pairable unit.
//   - CohenKappa, KappaMatrix: Cohen's kappa (Cohen 1960) of two coders over
//     the units both labelled, (p_o − p_e)/(1 − p_e), chance from each
//     coder's own category shares. Undefined when they share no unit, or
//     when both gave every shared unit the same category (p_e = 1).
//   - FleissKappa: Fleiss' kappa (Fleiss 1971) over the units every coder
//     labelled, chance from the pooled category shares; incomplete units are
//     left out and counted. Undefined with fewer than two coders, no
//     complete unit, or one category only.
//   - Alpha: Krippendorff's alpha (Krippendorff 2011, "Computing
//     Krippendorff's Alpha-Reliability"), 1 − D_o/D_e from the coincidence
//     matrix, using every pairable unit whatever labels are missing, so it
//     is the statistic to report when annotators skipped sentences. Nominal
//     for unordered categories (stance); Ordinal for ranked ones
//     (sentiment: negative < neutral < positive), where negative against
//     positive is a larger disagreement than negative against neutral.
//     Undefined with no pairable unit or only one category among the
//     pairable labels (D_e = 0). Krippendorff (2004) suggests α ≥ 0.800 for
//     reliable data and 0.667 as the lowest bound for tentative conclusions.
//   - BootstrapAlpha: a 95% percentile interval for alpha from resampling
//     pairable units with a seeded PCG source, so it is reproducible;
//     resamples on which alpha is undefined are dropped and counted.
//   - SpecificAgreement: for each category, o_kk/n_k from the coincidence
//     matrix (Uebersax's specific agreement; 2a/(2a+b+c) for two coders):
//     how often a second coder agrees once one chose that category.
//     Undefined for a category not used in any pairable unit.
//   - Confusion, Confusions: the table of two coders over the units both
//     labelled, categories in target order.
//   - Disagreements: the units with two or more different labels, with
//     every coder's label, for adjudication.
//
// The tests check these against published values: Fleiss' kappa on the
// Fleiss (1971) psychiatric diagnoses and on Wikipedia's worked example,
// nominal and ordinal alpha on Krippendorff's (2011) example with missing
// values, nominal alpha on Wikipedia's, Cohen's kappa on a textbook 2×2
// table.
//
// agreement imports only labels from this module.
package agreement
