//! HTTP/1.1 on a plain socket: one request per connection, read with `httparse`, answered with
//! `Connection: close`. Owning the socket is the point: a fault can close it without a word,
//! stall, or send half a body, which a full server framework would not let a test do.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request as the sandbox needs it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`…
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The query's pairs, decoded.
    pub query: Vec<(String, String)>,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of a header, by its lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A reply.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// `Content-Type` of the body.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON reply.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response {
            status,
            headers: Vec::new(),
            content_type: "application/json",
            body: value.to_string().into_bytes(),
        }
    }

    /// A plain-text reply.
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
        }
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

/// Reads one request; `None` when the peer sent something that is not one.
pub fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer) {
            Ok(httparse::Status::Complete(head_len)) => {
                let (Some(method), Some(target)) = (parsed.method, parsed.path) else {
                    return Ok(None);
                };
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|header| {
                        (
                            header.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(header.value).into_owned(),
                        )
                    })
                    .collect();
                let length = headers
                    .iter()
                    .find(|(name, _)| name == "content-length")
                    .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                    .unwrap_or(0)
                    .min(MAX_BODY);
                // No endpoint reads a body, but it is read off the socket all the same.
                let mut body_read = buffer.len() - head_len;
                while body_read < length {
                    let read = stream.read(&mut chunk)?;
                    if read == 0 {
                        break;
                    }
                    body_read += read;
                }
                let url = url::Url::parse(&format!("http://sandbox{target}"))
                    .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
                return Ok(Some(Request {
                    method: method.to_owned(),
                    path: url.path().to_owned(),
                    query: url.query_pairs().into_owned().collect(),
                    headers,
                }));
            }
            Ok(httparse::Status::Partial) if buffer.len() < MAX_HEAD => continue,
            _ => return Ok(None),
        }
    }
}

/// Writes a reply and closes the exchange.
pub fn write_response(stream: &mut TcpStream, response: &Response) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// `200` and a JSON array of `megabytes` MB with no `Content-Length`, the connection closed at
/// the end: what a hostile server sends to fill a client's memory.
pub fn write_endless_json(stream: &mut TcpStream, megabytes: u64) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[",
    )?;
    let chunk = "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",".repeat(1024);
    let mut sent = 0u64;
    while sent < megabytes * 1024 * 1024 {
        // The client may hang up once it has had enough: that is the point.
        if stream.write_all(chunk.as_bytes()).is_err() {
            return Ok(());
        }
        sent += chunk.len() as u64;
    }
    stream.write_all(b"0]")?;
    stream.flush()
}
