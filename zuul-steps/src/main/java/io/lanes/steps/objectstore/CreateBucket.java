package io.lanes.steps.objectstore;

/**
 * {@code java -cp zuul-steps.jar io.lanes.steps.objectstore.CreateBucket ENDPOINT BUCKET}: creates a bucket unless it
 * exists, with the credentials in {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. For the benchmark
 * and first-time set-up; the steps themselves never create buckets.
 */
public final class CreateBucket {
  private CreateBucket() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CreateBucket ENDPOINT BUCKET");
      System.exit(2);
    }
    S3Credentials credentials =
        S3Credentials.fromEnvironment(System.getenv(), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    try (ObjectStore store = ObjectStore.open(args[0], args[1], credentials)) {
      store.createBucketIfMissing();
    }
  }
}
