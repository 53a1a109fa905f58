/// The core protocols of swift-ebm.
public enum EBMProtocolsModule {}
