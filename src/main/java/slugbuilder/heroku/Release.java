package slugbuilder.heroku;

/** A release as the API returned it; STATUS is {@code pending}, {@code succeeded} or {@code failed}. */
public record Release(String id, int version, String status) {}
