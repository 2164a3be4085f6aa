package dev.orbiter.train.trainerservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * A generic record as its generated class, through Avro binary: the specific reader applies the
 * logical-type conversions (timestamps as Instant) that a field-by-field copy would not.
 */
final class Specific {

    private Specific() {
    }

    static <T> T of(GenericRecord r, Class<T> type) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(r.getSchema()).write(r, enc);
            enc.flush();
            SpecificData model = new SpecificData(type.getClassLoader());
            SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
            SpecificDatumReader<T> reader = new SpecificDatumReader<>(r.getSchema(), r.getSchema(), model);
            return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert " + r.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
    }
}
