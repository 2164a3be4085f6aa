package dev.orbiter.train.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the platform is: each setting from its flag, else its environment variable, else the
 * config file ({@code --config}, default {@code .orbiter/config.properties} then
 * {@code ~/.orbiter/config.properties}), else the local stack's default.
 */
public final class Connection {

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (env ORBITER_BOOTSTRAP; default localhost:9092)")
    String bootstrap;

    @Option(names = "--registry", description = "Confluent-API schema registry URL (env ORBITER_SCHEMA_REGISTRY_URL)")
    String registry;

    @Option(names = "--capture", description = "capture-service URL (env ORBITER_CAPTURE_URL; default http://localhost:8081)")
    String capture;

    @Option(names = "--stream-processor", description = "stream-processor URL (env ORBITER_STREAM_PROCESSOR_URL; default http://localhost:8082)")
    String streamProcessor;

    @Option(names = "--trainer", description = "trainer-service URL (env ORBITER_TRAINER_URL; default http://localhost:8083)")
    String trainer;

    @Option(names = "--api-key", description = "API key for the services (env ORBITER_API_KEY)")
    String apiKey;

    @Option(names = "--config", description = "settings file (keys: bootstrap, registry, capture, stream-processor, trainer, api-key)")
    Path config;

    private Properties file;

    public String bootstrap() {
        return pick(bootstrap, "ORBITER_BOOTSTRAP", "bootstrap", "localhost:9092");
    }

    public String registry() {
        return pick(registry, "ORBITER_SCHEMA_REGISTRY_URL", "registry", "http://localhost:8080/apis/ccompat/v7");
    }

    public String capture() {
        return pick(capture, "ORBITER_CAPTURE_URL", "capture", "http://localhost:8081");
    }

    public String streamProcessor() {
        return pick(streamProcessor, "ORBITER_STREAM_PROCESSOR_URL", "stream-processor", "http://localhost:8082");
    }

    public String trainer() {
        return pick(trainer, "ORBITER_TRAINER_URL", "trainer", "http://localhost:8083");
    }

    public String apiKey() {
        return pick(apiKey, "ORBITER_API_KEY", "api-key", null);
    }

    /** Client settings for producers, consumers and serdes. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap());
        c.put("schema.registry.url", registry());
        return c;
    }

    public Http http() {
        return new Http(apiKey());
    }

    private String pick(String flag, String env, String key, String dflt) {
        if (flag != null) {
            return flag;
        }
        String e = System.getenv(env);
        if (e != null && !e.isBlank()) {
            return e;
        }
        String f = file().getProperty(key);
        return f != null ? f : dflt;
    }

    private Properties file() {
        if (file == null) {
            file = new Properties();
            Path p = config != null ? config : Files.exists(Path.of(".orbiter", "config.properties"))
                    ? Path.of(".orbiter", "config.properties") : Path.of(System.getProperty("user.home"), ".orbiter",
                    "config.properties");
            if (Files.exists(p)) {
                try (InputStream in = Files.newInputStream(p)) {
                    file.load(in);
                } catch (IOException e) {
                    throw new CliException("cannot read " + p + ": " + e.getMessage(), 2);
                }
            } else if (config != null) {
                throw new CliException("no config file " + config, 2);
            }
        }
        return file;
    }
}
