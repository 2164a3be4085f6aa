package dev.orbiter.train.curation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the curation topology without any framework: {@code java dev.orbiter.train.curation.CurationRunner
 * curation.properties}. Keys starting with {@code orbiter.} are curation settings,
 * {@code schema.registry.*} go to the serdes, every other key is a Kafka Streams setting. Used by
 * replay (a new application id over the same steps) and by crash tests, which kill it with SIGKILL.
 */
public final class CurationRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CurationRunner.class);

    private final KafkaStreams streams;
    private final CurationSettings settings;

    private final ThreadReplacingHandler handler;

    private CurationRunner(KafkaStreams streams, CurationSettings settings, ThreadReplacingHandler handler) {
        this.streams = streams;
        this.settings = settings;
        this.handler = handler;
    }

    /** Builds and starts the topology (creating the dataset and DLQ topics if missing). */
    public static CurationRunner start(Map<String, String> config) {
        return start(config, (now, before) -> { });
    }

    /** Builds and starts the topology, telling {@code listener} of every state change. */
    public static CurationRunner start(Map<String, String> config, KafkaStreams.StateListener listener) {
        Map<String, String> orbiter = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();
        Properties streamsConfig = CurationTopology.defaults();
        config.forEach((k, v) -> {
            if (k.startsWith("orbiter.")) {
                orbiter.put(k, v);
            } else if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.startsWith("bearer.auth.")) {
                registry.put(k, v);
            } else {
                streamsConfig.put(k, v);
            }
        });
        CurationSettings settings = CurationTopics.ensure(CurationSettings.fromConfig(orbiter),
                (String) streamsConfig.get("bootstrap.servers"));
        KafkaStreams streams = new KafkaStreams(CurationTopology.build(settings, CurationSerdes.fromConfig(registry),
                streamsConfig), streamsConfig);
        ThreadReplacingHandler handler = ThreadReplacingHandler.fromConfig(orbiter);
        streams.setUncaughtExceptionHandler(handler);
        streams.setStateListener((now, before) -> {
            LOG.info("curation {} -> {}", before, now);
            listener.onChange(now, before);
        });
        streams.start();
        return new CurationRunner(streams, settings, handler);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public CurationSettings settings() {
        return settings;
    }

    /** How many stream threads failed and were replaced (a registry outage among them). */
    public ThreadReplacingHandler failures() {
        return handler;
    }

    @Override
    public void close() {
        streams.close();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: CurationRunner <curation.properties>");
            System.exit(2);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        Map<String, String> config = new HashMap<>();
        p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
        CountDownLatch stopped = new CountDownLatch(1);
        CurationRunner runner = start(config, (now, before) -> {
            System.out.println("STATE " + now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "curation-stop"));
        stopped.await();
    }

}
