package dev.fastshop.catalog.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductPage;
import dev.fastshop.catalog.service.CursorCodec;
import dev.fastshop.catalog.service.ProductQueryService;

/** Public product reads: search and list pages, single products, and batches. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "products")
public class ProductResource {

    public record PageResponse(List<Object> items, String nextCursor) {
    }

    public record BatchRequest(@NotNull @Size(min = 1, max = 100) List<@NotNull @Positive Long> ids) {
    }

    public record BatchResponse(List<Product> items) {
    }

    private final ProductQueryService products;
    private final CursorCodec cursors;
    private final ObjectMapper mapper;

    public ProductResource(ProductQueryService products, CursorCodec cursors, ObjectMapper mapper) {
        this.products = products;
        this.cursors = cursors;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "Search and list products", description = "Full-text search with a typo-tolerant fallback,"
            + " filters, and keyset pages: pass nextCursor as cursor to get the next page.")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "search text")
    @Parameter(name = "category", in = ParameterIn.QUERY, description = "category slug, includes its children")
    @Parameter(name = "brand", in = ParameterIn.QUERY)
    @Parameter(name = "minPrice", in = ParameterIn.QUERY)
    @Parameter(name = "maxPrice", in = ParameterIn.QUERY)
    @Parameter(name = "inStock", in = ParameterIn.QUERY, description = "true: only products in stock")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "relevance (default with q), price, -price,"
            + " newest (default without q)")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 20")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of the previous page")
    @Parameter(name = "fields", in = ParameterIn.QUERY, description = "comma-separated fields, e.g. id,name,price")
    @APIResponse(responseCode = "200", description = "a page of products")
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "400", description = "a parameter is invalid (named in invalidParams)")
    public Uni<RestResponse<PageResponse>> list(UriInfo uri, HttpHeaders headers) {
        Map<String, String> raw = new HashMap<>();
        uri.getQueryParameters().forEach((name, values) -> raw.put(name, values.get(0)));
        ProductQueryParser.Parsed parsed = ProductQueryParser.parse(raw, cursors);
        String prefix = Links.prefix(headers);
        return products.page(parsed.query()).map(page -> {
            String next = page.next() == null ? null : cursors.encode(page.next(), parsed.query().filterKey());
            String etag = HttpCaching.etag(pageTag(page, next, parsed.fields()));
            if (HttpCaching.matches(HttpCaching.ifNoneMatch(headers), etag)) {
                return notModified(etag, HttpCaching.LIST_CACHE_CONTROL);
            }
            List<Object> items = page.items().stream().map(p -> select(Links.prefixed(p, prefix), parsed.fields()))
                    .toList();
            return RestResponse.ResponseBuilder.ok(new PageResponse(items, next))
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, HttpCaching.LIST_CACHE_CONTROL)
                    .build();
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One product")
    @APIResponse(responseCode = "200", description = "the product")
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "404", description = "no such product")
    public Uni<RestResponse<Object>> get(@PathParam("id") String id, @QueryParam("fields") String fields,
            HttpHeaders headers) {
        long productId = PathIds.productId(id);
        Set<String> selected = ProductQueryParser.fields(fields);
        return products.product(productId).map(product -> {
            String etag = HttpCaching.etag(product.id() + "-" + product.version()
                    + (selected == null ? "" : "-" + digest(String.join(",", selected))));
            if (HttpCaching.matches(HttpCaching.ifNoneMatch(headers), etag)) {
                return notModified(etag, HttpCaching.PRODUCT_CACHE_CONTROL);
            }
            return RestResponse.ResponseBuilder.ok(select(Links.prefixed(product, Links.prefix(headers)), selected))
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, HttpCaching.PRODUCT_CACHE_CONTROL)
                    .build();
        });
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Up to 100 products by id in one query", description = "Current data, never cached; unknown"
            + " ids are absent from the result, which follows the request order.")
    @APIResponse(responseCode = "200", description = "the products found")
    @APIResponse(responseCode = "400", description = "ids missing, empty, over 100 or not positive")
    public Uni<BatchResponse> batch(@Valid @NotNull BatchRequest request, HttpHeaders headers) {
        String prefix = Links.prefix(headers);
        return products.batch(request.ids())
                .map(found -> new BatchResponse(found.stream().map(p -> Links.prefixed(p, prefix)).toList()));
    }

    private Object select(Product product, Set<String> fields) {
        if (fields == null) {
            return product;
        }
        return mapper.<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(product).retain(fields);
    }

    private static String pageTag(ProductPage page, String next, Set<String> fields) {
        StringBuilder text = new StringBuilder();
        page.items().forEach(p -> text.append(p.id()).append(':').append(p.version()).append(','));
        text.append(next).append('|').append(fields);
        return "l-" + digest(text.toString());
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static <T> RestResponse<T> notModified(String etag, String cacheControl) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.NOT_MODIFIED)
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .build();
    }
}
