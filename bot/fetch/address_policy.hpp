// Which network addresses the bot may fetch calendars and feeds from. A feed address that
// resolves to the bot's own machine or the school's network would let whoever sets it read
// internal pages through the bot (server-side request forgery), so by default only public
// unicast addresses are allowed; config "fetch": {"allow_private_addresses": true} lifts it
// for a school whose calendar server is on its own network.
#pragma once

#include <sys/socket.h>

#include <string>

namespace commonsbot::fetch {

// True for a public unicast IPv4 or IPv6 address. False for loopback, private (RFC 1918,
// fc00::/7), shared (100.64/10), link-local, unspecified, multicast, reserved and
// documentation ranges, and IPv4 inside an IPv6 mapped or NAT64 address that is one of them.
bool is_public_address(const sockaddr* address);

// The same for an address written as text ("10.0.0.1", "::1"); false when it is not one.
bool is_public_address(const std::string& numeric);

}  // namespace commonsbot::fetch
