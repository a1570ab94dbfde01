package game

// startRound resets fish, weapons and bullets for round s.round on its map
// and places the first weapons.
func (s *State) startRound() {
	m := s.currentMap()
	s.phase, s.phaseTimer = PhasePlay, 0
	s.bullets = [MaxBullets]Bullet{}
	s.items = [MaxItems]Item{}
	s.respawn = [MaxItems]uint16{}
	for slot := range int(s.players) {
		p := m.spawns[slot]
		facing := int8(1)
		if int(p.Col) >= Cols/2 {
			facing = -1
		}
		s.fish[slot] = Fish{
			X:      int32(p.Col)*tileSub + (tileSub-fishW)/2,
			Y:      int32(p.Row)*tileSub + tileSub - fishH,
			Facing: facing,
			Alive:  true,
			// Standing on the spawn floor: the first frame's gravity settles it.
			OnGround:  true,
			airFrames: 0,
		}
	}
	s.emit(EventRoundStart, -1, int8(s.MapIndex()), WeaponNone, 0, 0)
	for range min(int(s.players)+1, int(m.numWeapons)) {
		s.spawnWeapon()
	}
}

// stepRound ends the round when at most one fish is alive, scores it, ends
// the match at WinsToWinMatch, and starts the next round after the pause.
func (s *State) stepRound() {
	switch s.phase {
	case PhasePlay:
		alive, last := 0, -1
		for slot := range int(s.players) {
			if s.fish[slot].Alive {
				alive++
				last = slot
			}
		}
		if alive > 1 {
			return
		}
		s.lastWinner = int8(last)
		if last >= 0 {
			s.wins[last]++
		}
		s.emit(EventRoundEnd, int8(last), -1, WeaponNone, 0, 0)
		if last >= 0 && s.wins[last] >= WinsToWinMatch {
			s.phase = PhaseMatchOver
			s.emit(EventMatchEnd, int8(last), -1, WeaponNone, 0, 0)
			return
		}
		s.phase, s.phaseTimer = PhaseRoundOver, RoundEndFrames
	case PhaseRoundOver:
		s.phaseTimer--
		if s.phaseTimer == 0 {
			s.round++
			s.startRound()
		}
	}
}
