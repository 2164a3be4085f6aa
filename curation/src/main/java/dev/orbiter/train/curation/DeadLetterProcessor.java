package dev.orbiter.train.curation;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a {@link DeadLetter} back into its original bytes, with the headers that say why. */
final class DeadLetterProcessor extends ContextualProcessor<String, Incoming, byte[], byte[]> {

    @Override
    public void process(Record<String, Incoming> record) {
        DeadLetter d = record.value().deadLetter();
        context().forward(new Record<>(d.key(), d.value(), record.timestamp(), d.headers()));
    }
}
