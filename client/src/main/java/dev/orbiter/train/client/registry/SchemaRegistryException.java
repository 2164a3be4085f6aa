package dev.orbiter.train.client.registry;

/**
 * An error answer of the schema registry, with the HTTP status and the Confluent
 * {@code error_code} (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible).
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Incompatible schema. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Invalid schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super(message + " (HTTP " + status + ", error_code " + errorCode + ")");
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent error code, or -1 when none. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return status == 404 || errorCode / 100 == 404;
    }

    /**
     * Whether {@code error} (or one of its causes) is a registry failure that may pass: the
     * registry unreachable, a 5xx, or any answer other than "not found". Such a failure is not
     * the record's fault, so a record that met it is retried, never dead-lettered.
     */
    public static boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException r) {
                return !r.isNotFound();
            }
        }
        return false;
    }
}
