// Package nakama holds the files for running fishgame against a stock
// Nakama 3.x instead of the embedded server: the Lua module
// (modules/fishgame.lua: the fish_game_wins leaderboard and the ice_servers
// RPC), docker-compose.yml (Nakama 3.40 and PostgreSQL) and README.md.
//
// The package has no code of its own. Its tests run the Lua module under
// gopher-lua (the interpreter Nakama embeds) against a stand-in for
// Nakama's "nakama" module, and check that the module, the compose file and
// the embedded server agree on ids, environment variables and credentials.
package nakama
