package dev.orbiter.train.verl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.trainer.TrainerState;
import dev.orbiter.train.verl.RewardSpec;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLBackend;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import dev.orbiter.train.verl.VerlAvailability;
import dev.orbiter.train.trajectory.Episodes;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VERL backend against a stand-in VeRL executable ({@link FakeVerl}) that checks what it is given. */
class VerlLauncherTest {

    static final ArithmeticTask.Split TASK = ArithmeticTask.generate(40, 10, 4, 9);

    @TempDir
    Path dir;

    VeRLTrainer trainer(String mode, List<Map<String, Object>> metrics) throws Exception {
        return trainer(mode, metrics, TASK.train(), TASK.test());
    }

    VeRLTrainer trainer(String mode, List<Map<String, Object>> metrics, List<TrajectoryItem> train, List<TrajectoryItem> test)
            throws Exception {
        Path python = StandIn.script(dir);
        VeRLConfig config = VeRLConfig.builder().backend(VeRLBackend.VERL).algorithm(VeRLAlgorithm.GRPO).epochs(2)
                .batchSize(8).outputDir(dir.resolve("run").toString()).extra("verl_python", python.toString())
                .extra("reward_endpoint", "http://127.0.0.1:9/v1/rewards/score").extra("job_id", "job-1")
                .extra("verl_overrides", "trainer.n_gpus_per_node=1 +fake.mode=" + mode).build();
        VeRLTrainer t = new VeRLTrainer(config, List.of(RewardSpec.of(i -> 1.0)))
                .withVerlAvailabilityCheck(new VerlAvailability(python.toString()));
        t.addListener(new TrainerListener() {
            @Override
            public void onMetrics(Map<String, Object> m) {
                metrics.add(m);
            }
        });
        t.checkDataset(train, test);
        t.checkConfig(null);
        t.markValidated();
        return t;
    }

    @Test
    void givenAVerlJob_whenLaunched_thenParquetOverridesAndRewardBridgeReachVerl_andItsMetricsStreamBack()
            throws Exception {
        List<Map<String, Object>> metrics = new CopyOnWriteArrayList<>();
        VeRLTrainer t = trainer("ok", metrics);

        TrainMetrics result = t.train();

        List<String> args = Files.readAllLines(dir.resolve("run").resolve("fake-verl-args.txt"));
        Path run = dir.resolve("run");
        assertThat(args).contains("algorithm.adv_estimator=grpo", "actor_rollout_ref.actor.use_kl_loss=True",
                "trainer.total_epochs=2", "data.train_batch_size=8",
                "data.train_files=" + run.resolve("data/train.parquet"),
                "data.val_files=" + run.resolve("data/val.parquet"),
                "custom_reward_function.path=" + run.resolve("reward/orbiter_reward.py"),
                "custom_reward_function.name=compute_score", "trainer.logger=['console']");
        assertThat(args.subList(args.size() - 2, args.size()))
                .containsExactly("trainer.n_gpus_per_node=1", "+fake.mode=ok");
        assertThat(ParquetFiles.read(run.resolve("data/train.parquet"))).hasSize(40);
        assertThat(ParquetFiles.read(run.resolve("data/val.parquet"))).hasSize(10);
        assertThat(metrics).hasSize(4);
        assertThat(metrics.get(0)).containsEntry("training/global_step", 1).containsEntry("actor/pg_loss", 0.5);
        assertThat(metrics).extracting(m -> (double) m.get("critic/score/mean")).isSorted();
        assertThat(result.steps()).isEqualTo(4);
        assertThat(result.accuracy()).isEqualTo(0.9);
        assertThat(result.extra()).containsEntry("val-core/orbiter/arithmetic/reward/mean@1", 0.9);
        assertThat(t.state()).isEqualTo(TrainerState.COMPLETED);
        assertThat(t.evaluate().accuracy()).isEqualTo(0.9);
        assertThat(result.measuredLoss()).as("VeRL's last pg_loss").isPresent();
        assertThat(t.evaluate().measuredLoss()).as("the Java side cannot compute VeRL's loss: absent, not 0.0").isEmpty();
    }

    @Test
    void givenVerlFails_whenLaunched_thenTheJobFailsWithTheLastLinesOfStderr() throws Exception {
        VeRLTrainer t = trainer("fail", new CopyOnWriteArrayList<>());

        assertThatThrownBy(t::train).isInstanceOf(TrainerError.class).hasMessageContaining("exited with code 1")
                .hasMessageContaining("CUDA out of memory");
        assertThat(t.state()).isEqualTo(TrainerState.FAILED);
    }

    @Test
    void givenARunningVerl_whenCancelled_thenTheWholeProcessTreeIsDestroyed() throws Exception {
        List<Map<String, Object>> metrics = new CopyOnWriteArrayList<>();
        VeRLTrainer t = trainer("hang", metrics);
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<TrainMetrics> run = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            return t.train();
        });
        Path pidFile = dir.resolve("run").resolve("fake-verl-child.pid");
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics.size() == 1 && Files.exists(pidFile));
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(child)).isPresent();

        worker.get().interrupt();

        assertThatThrownBy(run::get).isInstanceOf(ExecutionException.class).hasMessageContaining("cancelled");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        assertThat(t.state()).isEqualTo(TrainerState.FAILED);
    }

    @Test
    void givenEpisodes_whenLaunched_thenVerlGetsTheMultiTurnParquetWithTheWholeChat() throws Exception {
        List<TrajectoryItem> episodes = new java.util.ArrayList<>();
        for (int e = 0; e < 6; e++) {
            List<TrajectoryItem> turns = new java.util.ArrayList<>();
            for (int n = 0; n < 3; n++) {
                turns.add(TrajectoryItem.builder().id("e" + e + "-" + n).taskId("task-" + e).agentId("solver").step(n)
                        .input("observation " + n).output("action " + n).score(n == 2 ? 1.0 : 0.0).build());
            }
            episodes.add(Episodes.assemble(turns, Episodes.Reward.LAST));
        }
        VeRLTrainer t = trainer("ok", new CopyOnWriteArrayList<>(), episodes.subList(0, 4), episodes.subList(4, 6));

        t.train();

        Path run = dir.resolve("run");
        assertThat(Files.readAllLines(run.resolve("fake-verl-args.txt"))).contains("data.return_raw_chat=True");
        List<org.apache.avro.generic.GenericRecord> rows = ParquetFiles.read(run.resolve("data/train.parquet"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("agent_name").toString()).isEqualTo("single_turn_agent");
        assertThat((List<?>) rows.get(0).get("messages")).hasSize(6);
        assertThat(ParquetFiles.read(run.resolve("data/val.parquet"))).hasSize(2);
    }

    @Test
    void givenNoVerlInstalled_whenAVerlJobTrains_thenItFailsSayingSo() {
        VeRLTrainer t = new VeRLTrainer(VeRLConfig.builder().backend(VeRLBackend.VERL).build())
                .withVerlAvailabilityCheck(new VerlAvailability(dir.resolve("no-such-python").toString()));
        t.checkDataset(TASK.train());
        t.markValidated();
        assertThatThrownBy(t::train).isInstanceOf(TrainerError.class).hasMessageContaining("VeRL is required");
    }
}
