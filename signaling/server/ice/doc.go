// Package ice gives the embedded server its NAT-traversal services: a STUN
// responder (STUNServer), an optional TURN relay with time-limited
// credentials (TURNServer), and the payload of the ice_servers RPC
// (ServersConfig.Payload) that tells authenticated clients which STUN and
// TURN URLs to use.
//
// TURN credentials follow the TURN REST API convention
// (draft-uberti-behave-turn-rest): the username is "<expiry-unix>:<user-id>"
// and the password is base64(HMAC-SHA1(secret, username)), so any TURN server
// that shares the secret (pion/turn here, coturn with use-auth-secret) can
// check them without a database. Credentials are handed out only through the
// authenticated RPC.
//
// A TURNServer answers STUN Binding requests as well, so when TURN is enabled
// it replaces the STUNServer on the same UDP socket.
package ice
