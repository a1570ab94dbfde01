// Package ui holds the few widgets Fish Game's screens are made of: a text
// field (typed through Ebitengine's exp/textinput, so input methods work,
// optionally masked for passwords), a button, tabs, a list, a message
// box, a stepper for a number in a range and an on/off toggle, gathered
// in a Form that moves the focus with Tab, Shift-Tab and the arrows,
// submits with Enter, goes back with Esc and follows the mouse.
//
// Widgets never read a device themselves: each tick a Form is given an
// Input, which says which keys went down, what text was typed and where the
// pointer is. EbitenInput reads the keyboard, the mouse, the first gamepads
// and the input method; Script replays a scripted sequence so tests drive
// the screens without a window.
//
// Drawing uses Ebitengine's built-in bitmap font through a Theme, at the
// game's logical resolution.
package ui
