package ordo.gateway.config;

/** Range checks whose messages name the configuration key, so an operator knows which line to fix. */
final class Check {

    private Check() {
    }

    static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }
}
