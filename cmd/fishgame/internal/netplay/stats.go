package netplay

// InputDelay returns the session's current input delay in frames.
func (g *Game) InputDelay() int { return g.sess.InputDelay() }
