import GantryLoad

extension PlannedBuilder {
  /// A docker client command (`save`, `load`, `image inspect`) aimed at this builder's image store.
  public func clientCommand(client: String, _ arguments: [String]) -> (argv: [String], env: [String: String]) {
    let invocation = Invocation(client: client, verb: arguments, arguments: [], endpoint: endpoint)
    return (invocation.argv, invocation.environment)
  }
}

extension Job {
  /// This job sent to `builder`: its command aimed at that builder's endpoint.
  public func routed(to builder: PlannedBuilder) -> Job {
    guard builder.name != self.builder else { return self }
    var job = self
    job.invocation.endpoint = builder.endpoint
    job.builder = builder.name
    return job
  }
}
