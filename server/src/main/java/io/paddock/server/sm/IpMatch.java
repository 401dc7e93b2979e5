package io.paddock.server.sm;

/**
 * The "ip" scheme of ZooKeeper's IPAuthenticationProvider: an ACL id is an IPv4 or IPv6 address with an
 * optional "/bits" mask, and it matches client addresses in that network.
 */
final class IpMatch {

    private IpMatch() {
    }

    static boolean isValid(String expression) {
        String[] parts = expression.split("/", 2);
        byte[] address = parse(parts[0]);
        if (address == null) {
            return false;
        }
        if (parts.length == 2) {
            try {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= address.length * 8;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(String clientAddress, String expression) {
        String[] parts = expression.split("/", 2);
        byte[] network = parse(parts[0]);
        byte[] client = parse(clientAddress);
        if (network == null || client == null || network.length != client.length) {
            return false;
        }
        int bits = network.length * 8;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((network[i] & mask) != (client[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a literal address without any name lookup; null when it is not one. */
    private static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(octets[i]);
                if (v < 0 || v > 255 || octets[i].isEmpty()) {
                    return null;
                }
                out[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    private static byte[] parseV6(String text) {
        if (!text.matches("[0-9a-fA-F:.%]+")) {
            return null;
        }
        try {
            return java.net.InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
