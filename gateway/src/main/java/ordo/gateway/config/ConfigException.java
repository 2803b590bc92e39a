package ordo.gateway.config;

/**
 * The configuration {@code ordo serve} was given, in its file or its flags, is one it cannot run with: the file is
 * missing or invalid, a value is out of range, the transport it names cannot run on this machine. The message names
 * the setting and what is wrong with it. {@code ordo} prints it as one line; any other IllegalArgumentException is a
 * bug and keeps its stack trace.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
