// Package desync turns a rollback desync into a report a game programmer
// can act on.
//
// When two peers' checksums of a confirmed frame disagree, each peer builds
// a Report: the frame, both checksums, the match (id, seed, map rotation,
// player slots), every confirmed input up to the frame as a replay prefix in
// game's replay format (with the checksum this peer had after every frame),
// and its own state at the frame dumped field by field. A Recorder keeps the
// confirmed inputs as the match goes; a Writer encodes and writes reports
// on its own goroutine so the game loop never waits for a disk.
//
// Peers send each other their side of the report: Report.AppendDump
// encodes it, SplitDump cuts it into chunk messages that fit a control
// channel message, a Reassembler puts the other peer's dump back together
// under a size limit and checks its CRC, and Report.AttachDump adds it to
// the report, which is written again with both sides.
//
// Analyze reads one report, or the two peers' reports, and names the fields
// that differ at the frame; it re-simulates each replay prefix to tell
// nondeterminism (a peer's state diverges from its own re-simulation) from
// an input mismatch (the peers' inputs differ), and names the first frame
// of each.
package desync
