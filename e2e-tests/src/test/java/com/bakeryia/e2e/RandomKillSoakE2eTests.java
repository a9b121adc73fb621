package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.ErasureChecks.StartedErasure;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded soak: rounds of one erasure each, during which 1 to 3 processes among the orchestrator,
 * tenant-service and the 12 domain services are SIGKILLed at random times and started again after a
 * random short pause. Every round must end COMPLETED with nothing of the tenant left in PostgreSQL, a
 * bystander tenant's rows untouched, and a receipt whose counts are the rows counted before the
 * DELETE.
 *
 * <p>{@code -Dsoak.rounds} (default 3, as in CI; e.g. 50 by hand) and {@code -Dsoak.seed} (default:
 * random, printed; give it to replay a run's choices).
 */
@ExtendWith(FleetExtension.class)
class RandomKillSoakE2eTests {

    private static final Logger log = LoggerFactory.getLogger(RandomKillSoakE2eTests.class);
    /** Batched (1,000-row batches), so that a job runs for several seconds and the kills land in it. */
    private static final long TENANT_ROWS = 36_000;

    private static final long BYSTANDER_ROWS = 1_200;
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(3);
    private static final Duration KILL_WINDOW = Duration.ofSeconds(6);
    private static final List<String> VICTIMS = victims();

    @AfterEach
    void restartEverything(RunningFleet fleet) {
        fleet.ensureAllUp();
    }

    @Test
    void everyRoundCompletesWithNothingLeftAndAReceiptOfWhatWasThere(RunningFleet fleet) throws InterruptedException {
        int rounds = Integer.getInteger("soak.rounds", 3);
        long seed = Long.getLong("soak.seed", new Random().nextLong());
        log.info("Random-kill soak: {} rounds, seed {} (replay with -Dsoak.seed={})", rounds, seed, seed);
        System.out.println("RandomKillSoakE2eTests: " + rounds + " rounds, -Dsoak.seed=" + seed);
        Random random = new Random(seed);
        for (int round = 1; round <= rounds; round++) {
            round(fleet, random, "round " + round + "/" + rounds + " (-Dsoak.seed=" + seed + ")");
        }
    }

    private static void round(RunningFleet fleet, Random random, String round) throws InterruptedException {
        Instant limit = Instant.now().plus(ROUND_LIMIT);
        fleet.ensureAllUp();
        SeededTenant tenant = fleet.seedTenant(TENANT_ROWS);
        SeededTenant bystander = fleet.seedTenant(BYSTANDER_ROWS);
        Map<String, String> bystanderBefore = fleet.database().checksums(bystander.id());

        List<String> shuffled = new ArrayList<>(VICTIMS);
        Collections.shuffle(shuffled, random);
        List<Kill> kills = new ArrayList<>();
        for (String victim : shuffled.subList(0, 1 + random.nextInt(3))) {
            kills.add(new Kill(
                    victim,
                    Duration.ofMillis(random.nextLong(KILL_WINDOW.toMillis())),
                    Duration.ofMillis(300 + random.nextLong(2_700))));
        }
        log.info("{}: kills {}", round, kills);

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        Queue<String> chaosErrors = new ConcurrentLinkedQueue<>();
        List<Thread> chaos = new ArrayList<>();
        for (Kill kill : kills) {
            chaos.add(Thread.ofVirtual().name("kill-" + kill.victim()).start(() -> {
                try {
                    Thread.sleep(kill.after());
                    fleet.processes().kill(kill.victim());
                    Thread.sleep(kill.pause());
                    fleet.processes().up(kill.victim());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    chaosErrors.add(kill.victim() + ": " + e.getMessage());
                }
            }));
        }
        for (Thread thread : chaos) {
            Duration left = Duration.between(Instant.now(), limit);
            if (!left.isNegative()) {
                thread.join(left);
            }
        }
        assertThat(chaosErrors)
                .as("%s: killing and restarting %s", round, kills)
                .isEmpty();
        fleet.ensureAllUp();

        Duration left = Duration.between(Instant.now(), limit);
        ErasureChecks.awaitStatusThroughFaults(
                fleet,
                erasure.job(),
                "COMPLETED",
                left.isNegative() ? Duration.ZERO : left,
                round + " with kills " + kills + " (" + ROUND_LIMIT + " per round)");

        assertThat(ErasureChecks.leftovers(fleet, tenant.id()))
                .as("%s: rows of tenant %s left", round, tenant.id())
                .isEmpty();
        assertThat(fleet.database().checksums(bystander.id()))
                .as("%s: the bystander's per-table checksums", round)
                .containsExactlyEntriesOf(bystanderBefore);
        try {
            ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
        } catch (AssertionError e) {
            throw new AssertionError(round + " with kills " + kills + ": " + e.getMessage(), e);
        }
        log.info("{}: job {} COMPLETED, {} rows erased as counted", round, erasure.job(), erasure.totalBefore());
    }

    private static List<String> victims() {
        List<String> victims = new ArrayList<>();
        victims.add(FleetService.ORCHESTRATOR.name());
        victims.add(FleetService.TENANT.name());
        FleetService.DOMAIN.forEach(service -> victims.add(service.name()));
        return List.copyOf(victims);
    }

    /** One process to SIGKILL {@code after} the DELETE's answer and to start again {@code pause} later. */
    private record Kill(String victim, Duration after, Duration pause) {

        @Override
        public String toString() {
            return victim + " at +" + after.toMillis() + " ms, down " + pause.toMillis() + " ms";
        }
    }
}
