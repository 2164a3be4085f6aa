package dev.orbiter.train.verl.launcher;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.TrainingBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VERL backend: runs the real VeRL as {@code <python> -m verl.trainer.main_ppo <overrides>}.
 * It exports the items to {@code <outputDir>/data/{train,val}.parquet} ({@link VerlParquet}),
 * writes the reward bridge when the job has Java rewards and a reward endpoint
 * ({@link RewardBridge}), streams VeRL's output, turns its console metric lines into metric
 * updates ({@link VerlConsole}), and maps a non-zero exit to a failure carrying the last lines of
 * stderr. Interrupting the calling thread cancels the run by destroying the whole process tree.
 */
public final class VerlLauncher implements TrainingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(VerlLauncher.class);
    private static final long STOP_GRACE_SECONDS = 10;

    private volatile Map<String, Object> lastValidation = Map.of();

    @Override
    public Outcome train(Run run) {
        LauncherSettings settings = LauncherSettings.of(run.config());
        Path dir = settings.outputDir();
        Path train = dir.resolve("data").resolve("train.parquet");
        Path val = dir.resolve("data").resolve("val.parquet");
        List<TrajectoryItem> valItems = run.testItems().isEmpty() ? run.trainItems() : run.testItems();
        if (multiTurn(run)) {
            VerlMultiTurnParquet.write(train, run.trainItems(), "train", n -> { });
            VerlMultiTurnParquet.write(val, valItems, "test", n -> { });
        } else {
            VerlParquet.write(train, run.trainItems(), "train", run.reward());
            // VeRL validates on data.val_files and needs the file; without held-out items it validates on train.
            VerlParquet.write(val, valItems, "test", run.reward());
        }
        List<String> command = command(settings, run, train, val);
        LOG.info("launching VeRL in {}: {}", dir, command);
        ProcessOutput output = new ProcessOutput(run.metricsSink());
        Process process = start(command, dir, settings);
        output.follow(process);
        int exit = await(process, output);
        if (exit != 0) {
            throw new TrainerError("VeRL exited with code " + exit + ": " + String.join("\n", output.lastErrorLines()));
        }
        Map<String, Object> last = new LinkedHashMap<>(output.lastMetrics());
        lastValidation = validation(output.allMetrics());
        last.putAll(lastValidation);
        int steps = output.lastStep();
        return new Outcome(steps, number(last.get("actor/pg_loss")), number(lastValidation.get("val/accuracy")), last);
    }

    /**
     * The Java side cannot run VeRL's model: evaluation reports VeRL's own last validation
     * (reward mean on {@code data.val_files}) from the run; the loss is not measured, nor the
     * accuracy before a run or when VeRL logged no validation.
     */
    @Override
    public TrainMetrics evaluate(List<TrajectoryItem> items, RewardFunction reward) {
        Map<String, Object> extra = new LinkedHashMap<>(lastValidation);
        extra.put("source", "verl validation on data.val_files");
        return TrainMetrics.partial(null, number(lastValidation.get("val/accuracy")), items.size(), extra);
    }

    /**
     * Whether the job trains on multi-turn episodes (a {@code unit=episode} dataset): then the
     * files are verl's multi-turn Parquet ({@link VerlMultiTurnParquet}) with the whole chat, tools
     * and {@code agent_name}, and not the single-turn one, which would keep only the first prompt.
     */
    static boolean multiTurn(Run run) {
        return run.trainItems().stream().anyMatch(i -> i.metadata().containsKey(dev.orbiter.train.trajectory.Episodes.STEPS));
    }

    static List<String> command(LauncherSettings s, Run run, Path train, Path val) {
        List<String> c = new ArrayList<>();
        c.add(s.python());
        c.add("-m");
        c.add("verl.trainer.main_ppo");
        for (String o : run.hydraOverrides()) {
            String key = o.substring(0, Math.max(o.indexOf('='), 0));
            // These three point at files this launcher writes; it sets them below.
            if (!key.equals("data.train_files") && !key.equals("data.val_files") && !key.equals("trainer.default_local_dir")) {
                c.add(o);
            }
        }
        c.add("data.train_files=" + train);
        c.add("data.val_files=" + val);
        c.add("trainer.default_local_dir=" + s.outputDir().resolve("checkpoints"));
        c.add("trainer.logger=['console']");
        if (multiTurn(run)) {
            c.add("data.return_raw_chat=True"); // the rows carry the whole chat; the rollout engine's multi-turn settings are the user's
        }
        if (run.reward() != null && s.rewardEndpoint() != null) {
            Path module = RewardBridge.writeModule(s.outputDir().resolve("reward"), s.rewardEndpoint(), s.jobId());
            c.add("custom_reward_function.path=" + module);
            c.add("custom_reward_function.name=" + RewardBridge.FUNCTION);
        }
        c.addAll(s.extraOverrides()); // last, so the user's overrides win
        return c;
    }

    private static Process start(List<String> command, Path dir, LauncherSettings s) {
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().put("PYTHONUNBUFFERED", "1"); // metric lines arrive as they are printed
            if (s.rewardEndpoint() != null) {
                pb.environment().put("ORBITER_REWARD_URL", s.rewardEndpoint().toString());
            }
            return pb.start();
        } catch (IOException e) {
            throw new TrainerError("cannot start VeRL with " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static int await(Process process, ProcessOutput output) {
        try {
            int exit = process.waitFor();
            output.drain();
            return exit;
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new TrainerError("VeRL run cancelled; process tree of pid " + process.pid() + " destroyed", e);
        }
    }

    /** Stops VeRL and everything it started (Ray workers): politely, then by force. */
    static void destroyTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("pid {} did not stop within {} s ({}); killing it", h.pid(), STOP_GRACE_SECONDS, e.toString());
                h.destroyForcibly();
            }
        }
    }

    /** VeRL's validation metrics ({@code val-core/...}, {@code val/...}), with {@code val/accuracy} = their reward mean. */
    static Map<String, Object> validation(List<Map<String, Object>> all) {
        Map<String, Object> val = new LinkedHashMap<>();
        for (Map<String, Object> m : all) {
            m.forEach((k, v) -> {
                if (k.startsWith("val-core/") || k.startsWith("val/") || k.startsWith("val-aux/")) {
                    val.put(k, v);
                    boolean score = k.startsWith("val/test_score/") || k.matches("val-core/.*/(acc|reward|score)/mean@.*");
                    if (score) {
                        val.put("val/accuracy", v);
                    }
                }
            });
        }
        return val;
    }

    /** The figure VeRL logged, or null when it logged none (absent is not 0.0). */
    private static Double number(Object v) {
        return v instanceof Number ? ((Number) v).doubleValue() : null;
    }
}
