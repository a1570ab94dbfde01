package rollback

// Hooks for the adversarial-peer suite (hostile_test.go): a Forgery is a
// real peer's input packet, decoded so a test can rewrite it the way a
// hostile peer would and send it on.

// Forgery is a decoded input packet.
type Forgery struct{ p inputPacket }

// ParseForgery decodes input packet b; ok is false for any other packet.
// The payload stays coded against the receiver's base row, so Bytes
// re-encodes it unchanged.
func ParseForgery(b []byte) (f *Forgery, ok bool) {
	h, body, err := parseHeader(b)
	if err != nil || h.kind() != typeInput {
		return nil, false
	}
	f = &Forgery{}
	if _, err := f.p.parse(h, body); err != nil {
		return nil, false
	}
	return f, true
}

// Bytes encodes the packet.
func (f *Forgery) Bytes() []byte {
	b, err := f.p.Append(nil)
	if err != nil {
		panic(err)
	}
	return b
}

// Frame returns the sender's frame.
func (f *Forgery) Frame() int32 { return f.p.frame }

// AddDisconnect adds an open disconnect entry: player left at frame.
func (f *Forgery) AddDisconnect(player int, frame int32) {
	f.p.disc[f.p.ndisc] = discEntry{player: uint8(player), frame: frame, agreed: agreeOpen}
	f.p.ndisc++
}

// DropKnown removes the third-party progress section.
func (f *Forgery) DropKnown() { f.p.knownMask = 0 }

// SetAdvantage sets the frame advantage of the quality report, if the
// packet has one.
func (f *Forgery) SetAdvantage(frames int8) {
	f.p.quality.advantage = frames
}

// SetDelay sets the input-delay proposal: delay from frame on.
func (f *Forgery) SetDelay(frame int32, delay int) {
	f.p.hasDelay, f.p.delayFrame, f.p.delay = true, frame, uint8(delay)
}

// SetChecksum sets the checksum report: sum is the checksum of frame.
func (f *Forgery) SetChecksum(frame int32, sum uint64) {
	f.p.hasSum, f.p.sum = true, checksumReport{frame: frame, checksum: sum}
}

// DropDisconnects removes the disconnect entries.
func (f *Forgery) DropDisconnects() { f.p.ndisc = 0 }
