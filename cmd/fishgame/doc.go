// Command fishgame is the Fish Game client, server and netcode lab.
//
// Usage:
//
//	fishgame <command> [flags]
//
// Run "fishgame help" for the list of commands and "fishgame <command> -h" for a command's flags.
package main
