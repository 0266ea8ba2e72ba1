package dev.fastshop.order.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.fastshop.contracts.Address;

/** Where to ship; {@code country} is an ISO 3166-1 alpha-2 code. */
public record ShippingAddressRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String line1,
        @Size(max = 200) String line2,
        @NotBlank @Size(max = 20) String postalCode,
        @NotBlank @Size(max = 100) String city,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {

    public Address toAddress() {
        return new Address(name, line1, line2, postalCode, city, country);
    }
}
