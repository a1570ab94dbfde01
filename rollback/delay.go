package rollback

import "fmt"

// Input-delay changes. Every peer may propose one: SetInputDelay schedules
// the change delayLead frames ahead, and the proposal rides in the
// proposer's input packets until well past that frame, so every peer hears
// of it first and applies it on that frame. Each peer's proposals fill a
// slot of their own here, and a later one from the same peer (a higher
// frame) replaces only that peer's pending one: a peer that keeps
// proposing changes far ahead delays only its own, never another peer's.
// When several apply on one frame the latest frame wins, then the larger
// delay, on every peer alike.

// delayProposal is an input-delay change every peer applies at frame.
type delayProposal struct {
	frame   int32
	delay   int
	set     bool
	applied bool
}

// due reports whether p applies at frame and was not applied yet.
func (p *delayProposal) due(frame int32) bool { return p.set && !p.applied && frame >= p.frame }

// beats reports whether p wins over q when both apply on one frame.
func (p *delayProposal) beats(q *delayProposal) bool {
	return q == nil || p.frame > q.frame || p.frame == q.frame && p.delay > q.delay
}

// propose records a proposal received from the slot's peer: a later frame
// replaces the slot's own proposal; repeats and older ones change nothing.
func (p *delayProposal) propose(frame int32, delay int) {
	if !p.set || frame > p.frame {
		*p = delayProposal{frame: frame, delay: delay, set: true}
	}
}

// SetInputDelay schedules a change of every peer's input delay to frames,
// applied by all peers on the same frame (about half a second from now).
func (s *P2PSession[S]) SetInputDelay(frames int) error {
	if frames < 0 || frames > MaxInputDelay {
		return fmt.Errorf("input delay %d not in 0..%d: %w", frames, MaxInputDelay, ErrConfig)
	}
	f := s.frame + delayLead
	if p := &s.delayProp; p.set && f <= p.frame {
		f = p.frame + 1 // peers keep the first proposal of a frame
	}
	s.delayProp.propose(f, frames)
	return nil
}

// applyDelay applies the proposals due at this frame.
func (s *P2PSession[S]) applyDelay() {
	var win *delayProposal
	if p := &s.delayProp; p.due(s.frame) {
		win = p
	}
	for i := range s.peers {
		if p := &s.peers[i].delayProp; p.due(s.frame) && p.beats(win) {
			win = p
		}
	}
	if win == nil {
		return
	}
	s.delayProp.applied = s.delayProp.applied || s.delayProp.due(s.frame)
	for i := range s.peers {
		p := &s.peers[i].delayProp
		p.applied = p.applied || p.due(s.frame)
	}
	s.delay = win.delay
	s.events.push(Event{Kind: EventInputDelay, Frame: s.frame, Delay: win.delay})
}
