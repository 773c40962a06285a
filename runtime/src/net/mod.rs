//! UDP transport, fault injection and reliable channels.
