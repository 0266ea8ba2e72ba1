package dev.fastshop.contracts;

/** A postal address as captured at checkout. */
public record Address(String name, String line1, String line2, String postalCode, String city, String country) {
}
