package dev.fastshop.catalog.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** When a search may retry with any of its words, and the web-search query it retries with. */
class SearchSqlTest {

    @Test
    void plainWordsAreJoinedWithOr() {
        assertEquals(Optional.of("lumen or floor or lamp"), SearchSql.anyWord("lumen floor lamp"));
        assertEquals(Optional.of("desk or lamp"), SearchSql.anyWord("  desk   lamp "));
        assertEquals(Optional.of("café or 4k"), SearchSql.anyWord("café 4k"));
    }

    @Test
    void oneWordHasNoAnyWordRetry() {
        assertEquals(Optional.empty(), SearchSql.anyWord("kettle"));
    }

    /** Quotes, exclusions and an explicit "or" mean something in web-search syntax: they are not rewritten. */
    @Test
    void operatorsHaveNoAnyWordRetry() {
        assertEquals(Optional.empty(), SearchSql.anyWord("kettle -lamp"));
        assertEquals(Optional.empty(), SearchSql.anyWord("\"desk lamp\" kettle"));
        assertEquals(Optional.empty(), SearchSql.anyWord("kettle or lamp"));
    }
}
