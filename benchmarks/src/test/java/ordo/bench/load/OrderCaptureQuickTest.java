package ordo.bench.load;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-capture scenario, small, against a whole Ordo in this JVM over real HTTP: a 50-node network loaded
 * through the API, then 3-line orders; every order is created and Ordo allocates exactly the units ordered. Numbers
 * are not asserted; correctness is.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OrderCaptureQuickTest
{
    @TempDir
    Path tmp;

    private LocalOrdo ordo;
    private OrdoHttpDriver driver;

    @BeforeEach
    void start()
    {
        ordo = LocalOrdo.start(tmp, "ordo");
        driver = ordo.driver();
    }

    @AfterEach
    void stop()
    {
        if (ordo != null)
        {
            ordo.close();
        }
    }

    @Test
    void everyOrderOverFiftyNodesIsCreatedAndExactlyItsUnitsAreAllocated() throws Exception
    {
        final OrderCapture.Spec spec = new OrderCapture.Spec(50, 30, 1_000_000, 16, 1, 0.5, 1.5);

        final ScenarioResult result = OrderCapture.run(driver, spec);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.scenario()).isEqualTo(Scenarios.ORDER_CAPTURE);
        assertThat(result.attempts()).isPositive();
        assertThat(result.reserved()).as("orders created").isEqualTo(result.attempts());
        assertThat(result.soldOut()).isZero();
        assertThat(result.errors()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(driver.errors()).isZero();
        long allocated = 0;
        for (int sku = 0; sku < spec.skus(); sku++)
        {
            allocated += driver.allocated(sku);
        }
        assertThat(allocated).as("units allocated over the network")
            .isEqualTo(result.reserved() * OrderWorkload.UNITS_PER_ORDER);
    }

    @Test
    void pipelinedOrdersAreAllCreatedToo()
    {
        final ScenarioResult result = OrderCapture.run(driver, new OrderCapture.Spec(5, 12, 1_000_000, 4, 8, 0, 1));

        assertThat(result.failures()).isEmpty();
        assertThat(result.reserved()).isEqualTo(result.attempts()).isPositive();
        assertThat(result.errors()).isZero();
    }

    @Test
    void ordersRefusedForLackOfStockFailTheCheckInsteadOfPassingSilently()
    {
        // Two units of each SKU at each of two nodes: the stock runs out within the first orders and Ordo refuses the
        // rest (409 INSUFFICIENT_STOCK). The scenario sizes stock to suffice, so the run must fail and say why.
        final ScenarioResult result = OrderCapture.run(driver, new OrderCapture.Spec(2, 3, 2, 2, 1, 0, 0.5));

        assertThat(result.passed()).isFalse();
        assertThat(result.soldOut()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.failures()).anyMatch(failure -> failure.startsWith("no order refused for stock"));
        assertThat(result.notes()).anyMatch(note -> note.startsWith("allocated " + result.reserved()
            * OrderWorkload.UNITS_PER_ORDER + " units of the"));
    }
}
