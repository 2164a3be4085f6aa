package dev.orbiter.train.cli;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrainerFormats;
import dev.orbiter.train.verl.launcher.VerlMultiTurnParquet;
import dev.orbiter.train.verl.launcher.VerlParquet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orbiter export <dataset> --format jsonl -o FILE}: rebuilds a dataset from its topic (the
 * latest value per key) up to a snapshot, a moment, or now, and writes it in a core format or as
 * VeRL Parquet.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Rebuild a dataset from Kafka and write it to a file.")
public final class ExportCommand implements Callable<Integer> {

    /** The core formats, VeRL's Parquet, and the trainers' JSONL shapes ({@link TrainerFormats}). */
    enum Format {
        jsonl, json, csv, parquet, verl_multiturn, openai_chat, trl_sft, trl_dpo, trl_grpo;

        /** {@code openai-chat} and friends as the command line spells them. */
        static Format parse(String name) {
            try {
                return valueOf(name.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CliException("unknown --format '" + name + "'; one of jsonl, json, csv, parquet, verl-multiturn, openai-chat, "
                        + "trl-sft, trl-dpo, trl-grpo", 2);
            }
        }
    }

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "dataset name (its topic is orbiter.dataset.<name>)")
    String dataset;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, json, csv, parquet (VeRL's columns), "
            + "verl-multiturn (verl's multi-turn Parquet: messages, tools, agent_name), "
            + "openai-chat (OpenAI fine-tuning), trl-sft, trl-dpo or trl-grpo (TRL's conversational formats)")
    String format;

    @Option(names = "--snapshot", description = "read up to this snapshot's offsets")
    String snapshot;

    @Option(names = "--as-of", description = "read as of this moment (ISO-8601, e.g. 2026-12-01T10:00:00Z)")
    String asOf;

    @Option(names = {"-o", "--output"}, required = true, description = "file to write")
    Path output;

    @Override
    public Integer call() {
        if (snapshot != null && asOf != null) {
            throw new CliException("--snapshot and --as-of exclude each other", 2);
        }
        Topics topics = Topics.defaults();
        DatasetReader reader = new DatasetReader(connection.clientConfig(),
                new SchemaRegistryClient(RegistryClientConfig.of(connection.registry())), Duration.ofMinutes(10));
        List<TrajectoryItem> items;
        try (Progress progress = new Progress(System.err, "read", 0)) {
            if (snapshot != null) {
                DatasetSnapshot s = reader.findSnapshot(topics.datasetSnapshots().name(), snapshot)
                        .orElseThrow(() -> new CliException("no snapshot " + snapshot, 2));
                items = reader.read(s, progress::set);
            } else if (asOf != null) {
                long at;
                try {
                    at = Instant.parse(asOf).toEpochMilli();
                } catch (java.time.format.DateTimeParseException e) {
                    throw new CliException("--as-of must be ISO-8601, e.g. 2026-12-01T10:00:00Z", 2);
                }
                items = reader.readAsOf(topics.dataset(dataset).name(), at, progress::set);
            } else {
                items = reader.readLatest(topics.dataset(dataset).name(), progress::set);
            }
        }
        Format f = Format.parse(format);
        long rows;
        try (Progress progress = new Progress(System.err, "write", items.size())) {
            rows = write(items, f, output, progress::set);
        }
        System.out.printf("exported %,d items of %s to %s (%s, %,d rows)%n", items.size(), dataset, output, format, rows);
        return 0;
    }

    /** Writes the items atomically; returns the rows written (the trainers' formats make one per group for DPO and GRPO). */
    static long write(List<TrajectoryItem> items, Format format, Path output, java.util.function.LongConsumer progress) {
        if (format.name().startsWith("openai") || format.name().startsWith("trl")) {
            return TrainerFormats.writeJsonl(output, TrainerFormats.Format.of(format.name().replace('_', '-')), items,
                    progress);
        }
        if (format == Format.verl_multiturn) {
            return VerlMultiTurnParquet.write(output, items, "train", progress);
        }
        if (format == Format.parquet) {
            VerlParquet.write(output, items, "train", null);
            progress.accept(items.size());
            return items.size();
        }
        TrajectoryDataset d = new TrajectoryDataset();
        items.forEach(d::capture);
        switch (format) {
            case json -> d.exportJson(output);
            case csv -> d.exportCsv(output);
            default -> d.exportJsonl(output);
        }
        progress.accept(items.size());
        return items.size();
    }
}
