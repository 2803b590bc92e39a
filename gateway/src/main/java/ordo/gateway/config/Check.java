package ordo.gateway.config;

import java.util.function.Function;

/** Checks whose messages name the configuration key, so an operator knows which line to fix. */
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

    /**
     * The value whose configuration name is {@code name}, or a message listing every accepted name, e.g.
     * "stages must be one of parallel, fused; got 'single'".
     */
    static <E extends Enum<E>> E oneOf(String key, E[] values, Function<E, String> configName,
            String name) {
        for (E value : values) {
            if (configName.apply(value).equals(name)) {
                return value;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E value : values) {
            names.append(names.length() == 0 ? "" : ", ").append(configName.apply(value));
        }
        throw new IllegalArgumentException(key + " must be one of " + names + "; got '" + name + "'");
    }
}
