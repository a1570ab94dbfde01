// Package matchmaker is the matchmaking pool of the embedded Nakama-compatible
// server: it parses the Bleve query-string subset that Nakama clients send in
// matchmaker_add, keeps the tickets waiting for a match and, each time the
// server's matchmaker interval fires, forms groups whose queries accept each
// other.
//
// The package is pure logic: it starts no goroutines, reads no clock and
// iterates no map where order matters, so the same sequence of calls always
// gives the same matches. The caller serialises access (one mutex around the
// Pool) and turns every Match into matchmaker_matched messages.
//
// Query language (a subset of Bleve's query string, as Nakama uses it). A
// lone star matches every ticket; terms are separated by spaces:
//
//	+properties.region:europe      must: the string property equals "europe"
//	properties.mode:ffa            should: optional, only ranks candidates
//	properties.mode:ffa^5          should with a boost of 5
//	-properties.region:asia        must not
//	+properties.rank:>=7           numeric ranges: >, >=, <, <=
//	+properties.skill:10           equals the numeric property 10 (or the string "10")
//	+properties.name:"a b"         quoted value, backslash escapes inside
//	+properties.region:eu*         wildcards * and ? in unquoted values
//
// A ticket accepts another when every must term holds and no must-not term
// holds against the other ticket's properties; a group forms only when every
// member accepts every other member.
package matchmaker
