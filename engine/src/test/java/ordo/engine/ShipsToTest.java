package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * The countries a node ships to (rules version 15): a SHIP line takes units only at nodes whose {@code shipsTo} names
 * its order's country (or that list none), for a placement, a backorder fill and a converted node hold alike; a pickup
 * is not bound by it. On {@link SgNetwork}: customers in Bishan, Singapore; wh-kl is in Kuala Lumpur, 312 km away.
 */
class ShipsToTest
{
    /** KLCC, Kuala Lumpur: a Malaysian customer. */
    private static final int KL_LAT_MICRO = 3_157_800;
    private static final int KL_LON_MICRO = 101_711_900;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    /** Redefines a node of the network (unlimited capacity) with this handling cost, shipping only to these. */
    private void node(final String id, final long handling, final String... countries)
    {
        final SgNetwork.Node node = SgNetwork.NODES.get(id);
        assertThat(driver.defineLocation(id, node.type(), node.latMicro(), node.lonMicro(), node.capabilities(), true,
            0, handling, List.of(countries)).code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void aCheaperNodeAcrossTheBorderIsPassedOverOnceItShipsToItsOwnCountryOnly()
    {
        // wh-kl: 0 + 312 km × 2 ≈ 624; wh-sg: 700 + 12 km × 2 ≈ 724. Without a list the Malaysian node wins.
        node("wh-sg", 700);
        node("wh-kl", 0);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);
        final OrderViews.Sourcing anywhere = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(anywhere.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(anywhere.candidate("wh-sg").reason()).isEqualTo(SourcingReason.HIGHER_COST);

        node("wh-kl", 0, "MY");

        final OrderViews.Sourcing domestic = driver.sourcing(driver.ordering().customer("c-2").line("A", 1).submit()
            .orderId());
        assertThat(domestic.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(domestic.candidate("wh-kl").reason()).isEqualTo(SourcingReason.COUNTRY_NOT_SERVED);
        assertThat(domestic.candidate("wh-kl").atp()).as("its units are shown, as beside any reason")
            .containsExactly(4L);

        final long toKl = driver.ordering().customer("c-3").address("1 Jalan Ampang", "50450", "MY")
            .shipTo(KL_LAT_MICRO, KL_LON_MICRO).line("A", 1).submit().orderId();
        final OrderViews.Sourcing malaysian = driver.sourcing(toKl);
        assertThat(malaysian.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(driver.order(toKl).allocatedAt("A", "wh-kl")).isEqualTo(1);

        node("wh-kl", 0, "SG", "MY");
        final OrderViews.Sourcing both = driver.sourcing(driver.ordering().customer("c-4").line("A", 1).submit()
            .orderId());
        assertThat(both.candidate("wh-kl").reason()).as("listing SG too").isEqualTo(SourcingReason.SELECTED);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void anOrderWhoseStockIsOnlyWhereNoNodeShipsToItIsRefusedNamingTheCountryRule()
    {
        node("wh-kl", HANDLING, "MY");
        node("wh-jkt", HANDLING, "ID", "MY");
        stock(driver, "A", "wh-kl", 4);
        stock(driver, "A", "wh-jkt", 3);
        stock(driver, "A", "wh-sg", 1);
        final long hash = driver.stateHash();

        final Result refused = driver.ordering().line("A", 2).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("what wh-sg has").isEqualTo(1);
        assertThat(refused.b() >> 8).as("the units at nodes that do not ship to SG").isEqualTo(7);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.COUNTRY_NOT_SERVED.code());
        assertThat(driver.stateHash()).as("nothing changed").isEqualTo(hash);
    }

    @Test
    void aNodeNamingCountriesShipsToNoOrderWithoutOne()
    {
        node("wh-sg", HANDLING, "SG");
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);

        final long noCountry = driver.ordering().address("1 Bishan Street 11", "570001", "").line("A", 1).submit()
            .orderId();

        final OrderViews.Sourcing sourcing = driver.sourcing(noCountry);
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.COUNTRY_NOT_SERVED);
        assertThat(sourcing.candidate("wh-kl").reason()).as("it lists none: it ships anywhere")
            .isEqualTo(SourcingReason.SELECTED);
    }

    @Test
    void aPickupIsNotAShipmentSoTheStoresListDoesNotBindIt()
    {
        node("store-orchard", HANDLING, "MY");
        stock(driver, "A", "store-orchard", 1);

        final Result pickup = driver.ordering().pickupAt("store-orchard").line("A", 1).submit();

        assertThat(pickup.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(pickup.orderId()).allocatedAt("A", "store-orchard")).isEqualTo(1);
        stock(driver, "A", "store-orchard", 2);
        final Result shipped = driver.ordering().customer("c-2").line("A", 1).submit();
        assertThat(shipped.code()).as("a shipment from it to Singapore").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(shipped.b() & 0xFF).isEqualTo(SourcingReason.COUNTRY_NOT_SERVED.code());
    }

    @Test
    void aBackorderWaitsForStockANodeShipsToItsCountryAndPassesOverTheRest()
    {
        node("wh-kl", HANDLING, "MY");
        stock(driver, "BO", "wh-sg", 0);
        stock(driver, "BO", "wh-kl", 0);
        final long waiting = driver.ordering().line("BO", 2).submit().orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        driver.adjust("BO", "wh-kl", 5, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(waiting).line("BO").backordered()).as("wh-kl does not ship to SG").isEqualTo(2);
        assertThat(driver.engine().filler().passesOver(sku("BO"), 0, driver.now()))
            .as("no node that ships to SG has a unit: the line is not read").isTrue();

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).isEqualTo(1);
        assertThat(driver.order(waiting).line("BO").backordered()).isEqualTo(1);
        assertThat(driver.engine().filler().passesOver(sku("BO"), 0, driver.now())).isTrue();

        node("wh-kl", HANDLING, "MY", "SG");

        assertThat(driver.order(waiting).allocatedAt("BO", "wh-kl")).as("it ships to SG now").isEqualTo(1);
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aNodeHoldAtANodeThatDoesNotShipToTheOrdersCountryEndsAndTheOrderIsSourcedAfresh()
    {
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "A", "wh-sg", 2);
        final Result hold = driver.reserve("web", "c-1", "wh-kl", 600_000, "A:1");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);
        node("wh-kl", HANDLING, "MY");

        final Result order = driver.ordering().reservation(hold.reservationId()).line("A", 1).submit();

        assertThat(order.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(order.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(1);
        assertThat(driver.inventory("A").at("wh-kl").reserved()).as("the hold gave its unit back").isZero();
        assertThat(driver.inventory("A").at("wh-kl").atp()).isEqualTo(2);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aListIsCheckedBeforeAnythingChangesAndASecondDefinitionWithoutOneShipsAnywhere()
    {
        final long hash = driver.stateHash();
        for (final List<String> bad : List.of(List.of("sg"), List.of("SGP"), List.of(""), List.of("SG", "MY", "SG"),
            List.of("S1")))
        {
            assertThat(driver.defineLocation("wh-new", Codes.LocationType.WAREHOUSE, 1_333_000, 103_742_000,
                Codes.CAP_SHIP, true, 0, HANDLING, bad).code()).as("%s", bad).isEqualTo(ResultCode.INVALID_FIELD);
        }
        assertThat(driver.stateHash()).isEqualTo(hash);

        node("wh-sg", HANDLING, "SG", "MY", "BN");
        assertThat(driver.location("wh-sg").shipsTo()).as("kept in code order").containsExactly("BN", "MY", "SG");
        node("wh-sg", HANDLING);
        assertThat(driver.location("wh-sg").shipsTo()).isEmpty();
        assertThat(driver.stateHash()).as("a network without lists hashes as before them").isEqualTo(hash);
    }

    @Test
    void listsSurviveASnapshotAndJoinTheStateHash()
    {
        node("wh-kl", HANDLING, "MY", "SG");
        node("wh-jkt", HANDLING, "ID");
        stock(driver, "BO", "wh-jkt", 3);
        final long waiting = driver.ordering().line("BO", 1).submit().orderId();
        final long hash = driver.stateHash();

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        assertThat(restored.stateHash()).isEqualTo(hash);
        assertThat(restored.location("wh-kl").shipsTo()).containsExactly("MY", "SG");
        assertThat(restored.location("wh-jkt").shipsTo()).containsExactly("ID");
        assertThat(restored.location("wh-sg").shipsTo()).isEmpty();
        restored.adjust("BO", "wh-jkt", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(restored.order(waiting).status()).as("still no shipment from Jakarta to SG")
            .isEqualTo(OrderStatus.BACKORDERED);
        assertThat(restored.checkInvariants()).isNull();

        node("wh-kl", HANDLING, "MY");
        assertThat(driver.stateHash()).as("the list is part of the state").isNotEqualTo(hash);
    }

    @Test
    void theJournalDumpReadsTheListByTheRulesVersionOfItsRecord()
    {
        final PayloadWriter w = new PayloadWriter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        w.wrap(buffer, 0);
        CommandCodec.defineLocation(w, 0, 0, "wh-kl", Codes.LocationType.WAREHOUSE, "KL", 3_139_000, 101_686_900, "MY",
            Codes.CAP_SHIP, 0, 0, "", true, List.of("MY", "SG"));
        final Map<String, Object> fields = CommandDescriber.describe(CommandType.DEFINE_LOCATION, buffer, 0,
            w.length());
        assertThat(fields.get("shipsTo")).isEqualTo(List.of("MY", "SG"));
        assertThat(fields.get("capabilities")).as("named as the API names them").isEqualTo(List.of("SHIP"));
        w.wrap(buffer, 0);
        CommandCodec.defineLocation(w, 0, 0, "st-kl", Codes.LocationType.STORE, "KL", 3_139_000, 101_686_900, "MY",
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, 0, 0, "", true);
        assertThat(CommandDescriber.describe(CommandType.DEFINE_LOCATION, buffer, 0, w.length()).get("capabilities"))
            .isEqualTo(List.of("PICKUP", "SHIP_FROM_STORE"));
        assertThat(Codes.capabilityNames(Codes.CAP_SHIP | 0x40)).as("a bit no capability has")
            .containsExactly("SHIP", "0x40");

        w.wrap(buffer, 0);
        CommandCodec.defineLocation(w, 0, 0, "wh-kl", Codes.LocationType.WAREHOUSE, "KL", 3_139_000, 101_686_900, "MY",
            Codes.CAP_SHIP, 0, 0, "", true);
        assertThat(CommandDescriber.describe(CommandType.DEFINE_LOCATION, buffer, 0, w.length()).get("shipsTo"))
            .as("anywhere").isNull();
        // Under version 14 the record ends with active: no list is read (its byte would be an actor's).
        final int before = w.length() - 1;
        final Map<String, Object> old = CommandDescriber.describe(CommandType.DEFINE_LOCATION, buffer, 0, before,
            Engine.SHIPS_TO_RULES - 1);
        assertThat(old).doesNotContainKey("shipsTo").containsEntry("active", true);
    }

    @Test
    void whatAChannelMayShipToACountryCountsTheNodesThatShipThere()
    {
        node("wh-kl", HANDLING, "MY");
        stock(driver, "A", "wh-kl", 4);
        stock(driver, "A", "wh-sg", 3);

        assertThat(driver.channelStock("A", "web").toShip()).as("any country: every node that ships").isEqualTo(7);
        assertThat(driver.channelStock("A", "web", "SG").toShip()).isEqualTo(3);
        assertThat(driver.channelStock("A", "web", "MY").toShip()).isEqualTo(7);
        assertThat(driver.channelStock("A", "web", "SG").toSell()).as("a hold does not ship").isEqualTo(7);
        assertThat(driver.channelStock("A", "web", "SG").at("wh-kl")).as("what a hold there may take").isEqualTo(4);
        for (final String malformed : new String[] {"sg", "SGP", "", "S"})
        {
            assertThat(driver.queryInventory("A", "web", malformed).code()).as(malformed)
                .isEqualTo(ResultCode.MALFORMED_COMMAND);
        }
        assertThat(driver.query(CommandType.QUERY_INVENTORY, w -> w.putAscii("A").putAscii("web").putAscii("SG")
            .putByte(0)).code()).as("nothing may follow the country").isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryStock(null, 10, "web", "MY").stock().items().get(0).toShip()).isEqualTo(7);
        assertThat(driver.queryStock(null, 10, "web", "SG").stock().items().get(0).toShip()).isEqualTo(3);
        assertThat(driver.queryStock(null, 10, "web", "sg").code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
    }

    private Sku sku(final String id)
    {
        final byte[] bytes = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return driver.engine().catalog().sku(new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length));
    }
}
