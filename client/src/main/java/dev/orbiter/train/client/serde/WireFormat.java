package dev.orbiter.train.client.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian),
 * then the Avro binary encoding of the record.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of a framed message; checks the magic byte. */
    public static int schemaId(byte[] message) {
        if (message.length < HEADER_SIZE) {
            throw new SerializationException("message of " + message.length + " bytes is too short for the "
                    + "Confluent wire format (5-byte header)");
        }
        if (message[0] != MAGIC) {
            throw new SerializationException("Unknown magic byte " + message[0] + ": not the Confluent wire format");
        }
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }
}
