//! The protobuf codec of every generated service and client. It encodes and decodes like
//! `tonic_prost::ProstCodec`, but a request body that is not a valid message of the method's
//! request type is the caller's mistake, so it becomes INVALID_ARGUMENT with
//! `google.rpc.ErrorInfo` (reason `MALFORMED_MESSAGE`) and `google.rpc.BadRequest` instead of
//! tonic's INTERNAL.

use std::collections::HashMap;
use std::marker::PhantomData;

use prost::Message;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic::{Code, Status};
use tonic_prost::{ProstCodec, ProstDecoder};
use tonic_types::{ErrorDetails, StatusExt};

/// A [`Codec`] for prost messages that reports undecodable messages as INVALID_ARGUMENT.
#[derive(Debug, Clone)]
pub struct StrictCodec<T, U> {
    inner: ProstCodec<T, U>,
}

impl<T, U> Default for StrictCodec<T, U> {
    fn default() -> Self {
        StrictCodec {
            inner: ProstCodec::default(),
        }
    }
}

impl<T, U> Codec for StrictCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = <ProstCodec<T, U> as Codec>::Encoder;
    type Decoder = StrictDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        self.inner.encoder()
    }

    fn decoder(&mut self) -> Self::Decoder {
        StrictDecoder {
            inner: self.inner.decoder(),
            _message: PhantomData,
        }
    }
}

/// A prost decoder that reports a decode failure as the sender's invalid input.
#[derive(Debug)]
pub struct StrictDecoder<U> {
    inner: ProstDecoder<U>,
    _message: PhantomData<U>,
}

impl<U: Message + Default> Decoder for StrictDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        self.inner.decode(buf).map_err(malformed)
    }

    fn buffer_settings(&self) -> BufferSettings {
        self.inner.buffer_settings()
    }
}

fn malformed(error: Status) -> Status {
    let description = format!(
        "the message body is not a valid protobuf message of the method's request type ({})",
        error.message()
    );
    let mut details = ErrorDetails::with_bad_request_violation("message", description.clone());
    details.set_error_info("MALFORMED_MESSAGE", "helpdesk.v1", HashMap::new());
    Status::with_error_details(Code::InvalidArgument, description, details)
}
