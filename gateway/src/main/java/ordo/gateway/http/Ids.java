package ordo.gateway.http;

/**
 * The id rule of the API contract: 1–64 characters of {@code [A-Za-z0-9._:-]}. Path parameters are
 * checked against it by the dispatcher; route code checks ids in bodies with {@link #isValid}.
 */
public final class Ids {

    public static final int MAX_LENGTH = 64;

    private Ids() {
    }

    public static boolean isValid(CharSequence id) {
        if (id == null) {
            return false;
        }
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isIdChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The detail sentence of the 400 for an invalid id named {@code field}. */
    public static String invalidDetail(String field) {
        return field + " must be 1–" + MAX_LENGTH + " characters of [A-Za-z0-9._:-]";
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }
}
