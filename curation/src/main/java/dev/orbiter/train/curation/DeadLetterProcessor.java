package dev.orbiter.train.curation;

import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a {@link DeadLetter} back into its original bytes, with the headers that say why. */
final class DeadLetterProcessor<V> extends ContextualProcessor<String, V, byte[], byte[]> {

    private final Function<V, DeadLetter> letter;

    DeadLetterProcessor(Function<V, DeadLetter> letter) {
        this.letter = letter;
    }

    @Override
    public void process(Record<String, V> record) {
        DeadLetter d = letter.apply(record.value());
        context().forward(new Record<>(d.key(), d.value(), record.timestamp(), d.headers()));
    }
}
