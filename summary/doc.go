// Package summary turns the sentence records `stance classify` writes
// (JSON Lines) into the figures a paper reports: per article, per outlet,
// per month, how many sentences the model gave each label, their shares,
// the net stance (the share of the positive pole minus the negative one:
// opening − obstacle for stance, positive − negative for sentiment) and
// the mean probability of each label, with 95% intervals.
//
// The intervals come from a bootstrap that resamples articles, not
// sentences: sentences of one article share a writer, an outlet and a
// frame, and are not independent, so resampling them would make the
// intervals too narrow. Each group's articles are resampled with a
// math/rand/v2 PCG source seeded from the seed and the group's key, in
// article-id order, so the same records give the same figures whatever
// order they arrive in: the outputs of shards can be read together.
//
// Shares are of the model's labels (classify and count). They are not
// corrected for the model's known confusion: adjusted classify and count
// did not come closer to the true shares on held-out events (see
// TestAdjustedCounts in package eval).
package summary
